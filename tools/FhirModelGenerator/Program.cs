using SmartReasoning.Tools.FhirModelGenerator;

// Usage: FhirModelGenerator <fhir-package-folder> <output-folder>
// The package folder is the extracted npm package hl7.fhir.r4.examples@4.0.1 (see tools/fetch-fhir-package.sh).
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: FhirModelGenerator <fhir-package-folder> <output-folder>");
    return 2;
}

var files = ModelGenerator.Generate(args[0]);
var output = Path.GetFullPath(args[1]);
Directory.CreateDirectory(output);
foreach (var stale in Directory.GetFiles(output, "*.g.cs", SearchOption.AllDirectories))
    if (!files.ContainsKey(Path.GetRelativePath(output, stale).Replace('\\', '/'))) File.Delete(stale);
foreach (var (name, text) in files)
{
    var path = Path.Combine(output, name);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, text);
}
Console.WriteLine($"wrote {files.Count} files to {output}");
return 0;
