using System.Globalization;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>Who a generated patient is: name, sex, birth date, contact details, race and ethnicity (OMB codes).</summary>
internal sealed record Demographics(
    string Given, string Middle, string Family, bool Female, DateOnly BirthDate,
    string Line, string City, string State, string PostalCode, string Phone,
    Concept Race, Concept Ethnicity, string Language, string LanguageDisplay);

/// <summary>Invented names and places, drawn from the patient's own random stream.</summary>
internal static class People
{
    private static readonly string[] FemaleGiven =
    [
        "Maria", "Linda", "Patricia", "Susan", "Dorothy", "Helen", "Janet", "Karen", "Nancy", "Rosa", "Grace", "Aisha",
        "Mei", "Priya", "Fatima", "Olivia", "Emma", "Sofia", "Chloe", "Hannah", "Naomi", "Leah", "Ruth", "Irene",
        "Joan", "Carmen", "Lucia", "Yuki", "Ana", "Diane", "Teresa", "Brenda", "Megan", "Alicia", "Denise", "Gloria",
        "Keisha", "Tamara", "Ingrid", "Nora",
    ];

    private static readonly string[] MaleGiven =
    [
        "James", "Robert", "John", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles", "Carlos",
        "Luis", "Jamal", "Andre", "Wei", "Raj", "Omar", "Samuel", "Noah", "Liam", "Ethan", "Mateo", "Lucas", "Henry",
        "Walter", "Harold", "Arthur", "Frank", "Raymond", "Eugene", "Hiroshi", "Tomas", "Dmitri", "Kwame", "Marcus",
        "Victor", "Felix", "Oscar", "Elijah", "Isaac",
    ];

    private static readonly string[] Family =
    [
        "Alvarez", "Bennett", "Brooks", "Castillo", "Chen", "Coleman", "Dawson", "Delgado", "Ellison", "Fischer",
        "Fletcher", "Garrison", "Gupta", "Hale", "Harmon", "Hayes", "Holloway", "Ibarra", "Jensen", "Kaplan", "Keller",
        "Kimura", "Lambert", "Larsen", "Lindqvist", "Lowell", "Maddox", "Marsh", "McAllister", "Mendez", "Merritt",
        "Nakamura", "Nguyen", "Novak", "Okafor", "Oduya", "Osei", "Pacheco", "Park", "Patel", "Pearson", "Quinlan",
        "Ramos", "Reyes", "Rhodes", "Rivera", "Rosen", "Sandoval", "Schultz", "Shapiro", "Sinclair", "Soto", "Stanton",
        "Sullivan", "Tanaka", "Thornton", "Torres", "Underwood", "Valdez", "Vance", "Varga", "Wallace", "Warner",
        "Whitaker", "Winslow", "Wu", "Yamada", "Yates", "Zamora", "Zielinski", "Abernathy", "Baptiste", "Carver",
        "Demir", "Eriksen", "Farouk", "Greaves", "Hollis", "Iverson", "Jovanovic",
    ];

    private static readonly string[] Streets =
    [
        "Maple Avenue", "Cedar Lane", "Oak Street", "Willow Drive", "Lakeview Road", "Hillcrest Court", "River Road",
        "Elm Street", "Sunset Boulevard", "Orchard Way", "Chestnut Street", "Meadow Lane", "Birch Road", "Harbor View",
        "Prospect Avenue", "Mill Street",
    ];

    // City, state, ZIP prefix, area code.
    private static readonly (string City, string State, string Zip, string Area)[] Places =
    [
        ("Springfield", "IL", "627", "217"), ("Madison", "WI", "537", "608"), ("Columbus", "OH", "432", "614"),
        ("Raleigh", "NC", "276", "919"), ("Boise", "ID", "837", "208"), ("Albany", "NY", "122", "518"),
        ("Tucson", "AZ", "857", "520"), ("Portland", "ME", "041", "207"), ("Richmond", "VA", "232", "804"),
        ("Lansing", "MI", "489", "517"), ("Des Moines", "IA", "503", "515"), ("Salem", "OR", "973", "503"),
    ];

    private static readonly Concept[] Races =
    [
        new(CodeSystems.CdcRace, "2106-3", "White"), new(CodeSystems.CdcRace, "2054-5", "Black or African American"),
        new(CodeSystems.CdcRace, "2028-9", "Asian"), new(CodeSystems.CdcRace, "1002-5", "American Indian or Alaska Native"),
        new(CodeSystems.CdcRace, "2076-8", "Native Hawaiian or Other Pacific Islander"),
    ];

    private static readonly int[] RaceWeights = [60, 14, 7, 2, 1];

    private static readonly Concept Hispanic = new(CodeSystems.CdcRace, "2135-2", "Hispanic or Latino");
    private static readonly Concept NotHispanic = new(CodeSystems.CdcRace, "2186-5", "Not Hispanic or Latino");

    public static Demographics Create(SeededRandom random, bool female, DateOnly birthDate)
    {
        var given = random.Pick(female ? FemaleGiven : MaleGiven);
        var middle = random.Pick(female ? FemaleGiven : MaleGiven);
        if (middle == given) middle = female ? "Anne" : "Lee";
        var family = random.Pick(Family);
        var place = random.Pick(Places);
        var line = string.Create(CultureInfo.InvariantCulture, $"{random.Next(12, 9900)} {random.Pick(Streets)}");
        var zip = string.Create(CultureInfo.InvariantCulture, $"{place.Zip}{random.Next(1, 99):D2}");
        // 555-01xx numbers are reserved for fiction.
        var phone = string.Create(CultureInfo.InvariantCulture, $"({place.Area}) 555-01{random.Next(0, 100):D2}");
        var race = Races[WeightedIndex(random, RaceWeights)];
        var hispanic = random.Chance(0.18);
        var spanish = hispanic && random.Chance(0.4);
        return new Demographics(given, middle, family, female, birthDate, line, place.City, place.State, zip, phone,
            race, hispanic ? Hispanic : NotHispanic, spanish ? "es" : "en", spanish ? "Spanish" : "English");
    }

    private static int WeightedIndex(SeededRandom random, int[] weights)
    {
        var total = 0;
        foreach (var w in weights) total += w;
        var pick = random.Next(0, total);
        for (var i = 0; i < weights.Length; i++)
        {
            if (pick < weights[i]) return i;
            pick -= weights[i];
        }
        return 0;
    }
}
