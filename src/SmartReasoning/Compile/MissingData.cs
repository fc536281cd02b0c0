namespace SmartReasoning.Compile;

/// <summary>A part of the record that could not be obtained, and why: a partial context says exactly what it lacks.</summary>
public sealed record MissingData(string What, string Reason, int? HttpStatus = null);
