global using Microsoft.AspNetCore.Builder;
