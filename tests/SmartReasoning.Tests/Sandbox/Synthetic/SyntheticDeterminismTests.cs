using System.Diagnostics;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Tests.Sandbox.Synthetic;

/// <summary>The generator's output depends on the seed and today's date only.</summary>
public sealed class SyntheticDeterminismTests
{
    private static byte[][] Serialize(IEnumerable<Bundle> bundles) => bundles.Select(b => FhirJsonSerializer.SerializeToUtf8Bytes(b)).ToArray();

    [Fact]
    public void Same_seed_gives_byte_identical_json()
    {
        var first = Serialize(SyntheticCohort.Generate(seed: 7));
        var second = Serialize(SyntheticCohort.Generate(seed: 7));

        Assert.Equal(first.Length, second.Length);
        for (var i = 0; i < first.Length; i++) Assert.True(first[i].AsSpan().SequenceEqual(second[i]), $"bundle {i} differs");
    }

    [Fact]
    public void Different_seed_gives_different_patients()
    {
        var one = Serialize(SyntheticCohort.Generate(seed: 1));
        var two = Serialize(SyntheticCohort.Generate(seed: 2));

        for (var i = 0; i < one.Length; i++) Assert.False(one[i].AsSpan().SequenceEqual(two[i]), $"bundle {i} is the same for seeds 1 and 2");
        var ids1 = SyntheticCohort.Generate(seed: 1).Select(b => b.Entry[0].Resource!.Id);
        var ids2 = SyntheticCohort.Generate(seed: 2).Select(b => b.Entry[0].Resource!.Id);
        Assert.Empty(ids1.Intersect(ids2));
    }

    [Fact]
    public void Default_today_is_fixed_and_explicit_today_moves_the_history()
    {
        var byDefault = Serialize(SyntheticCohort.Generate());
        var explicitToday = Serialize(SyntheticCohort.Generate(1, new DateOnly(2026, 1, 1)));
        Assert.True(byDefault.Zip(explicitToday).All(p => p.First.AsSpan().SequenceEqual(p.Second)));

        var earlier = SyntheticCohort.Generate(1, new DateOnly(2020, 6, 1));
        var latest = earlier.SelectMany(b => new PatientView(b).EncounterStarts).Max();
        Assert.True(latest < new DateTime(2020, 6, 1), $"an encounter on {latest:O} is not before 2020-06-01");
    }

    [Fact]
    public void Many_patients_are_distinct_cycle_through_archetypes_and_generate_quickly()
    {
        var watch = Stopwatch.StartNew();
        var bundles = SyntheticCohort.GenerateMany(1000, seed: 42);
        watch.Stop();

        Assert.Equal(1000, bundles.Count);
        var patients = bundles.Select(b => new PatientView(b).Patient).ToList();
        Assert.Equal(1000, patients.Select(p => p.Id).Distinct().Count());
        Assert.Equal(1000, patients.Select(p => p.Identifier[0].Value!.Value).Distinct().Count());
        var allIds = bundles.SelectMany(b => b.Entry).Select(e => e.FullUrl!.Value).ToList();
        Assert.Equal(allIds.Count, allIds.Distinct().Count());
        for (var i = 0; i < 24; i++) Assert.Equal((Archetype)(i % 12), SyntheticCohort.ArchetypeOf(bundles[i]));
        var names = patients.Select(p => $"{p.Name[0].Given[0].Value} {p.Name[0].Family!.Value} {p.BirthDate!.Value}").Distinct().Count();
        Assert.True(names > 990, $"only {names} distinct name and birth date pairs");
        // Release on an idle 2-core machine takes a few seconds; the bound leaves room for Debug builds and busy CI.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"1,000 patients took {watch.Elapsed}");
    }

    [Fact]
    public void Many_with_the_same_seed_is_deterministic_and_apart_from_the_cohort()
    {
        var a = Serialize(SyntheticCohort.GenerateMany(30, seed: 3));
        var b = Serialize(SyntheticCohort.GenerateMany(30, seed: 3));
        Assert.True(a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second)));

        var cohortIds = SyntheticCohort.Generate(seed: 3).SelectMany(x => x.Entry).Select(e => e.FullUrl!.Value);
        var manyIds = SyntheticCohort.GenerateMany(30, seed: 3).SelectMany(x => x.Entry).Select(e => e.FullUrl!.Value);
        Assert.Empty(cohortIds.Intersect(manyIds));
        Assert.Empty(SyntheticCohort.GenerateMany(0, seed: 3));
    }
}
