using SmartReasoning.Sandbox.FhirServer;

namespace SmartReasoning.Tests.Sandbox.FhirServer;

/// <summary>The cursor store behind paging: bounded, and safe when many searches keep pages at once.</summary>
public class SearchPagesTests
{
    [Fact]
    public void Many_concurrent_searches_keep_pages_without_failing_and_stay_bounded()
    {
        var pages = new SearchPages(TimeProvider.System);
        var cursors = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 5_000, i => cursors.Add(pages.Keep([$"id{i}"], [("name", $"n{i}")])));

        Assert.Equal(5_000, cursors.Distinct().Count());
        var kept = cursors.Count(c => pages.Find(c) is not null);
        Assert.InRange(kept, 1, 1_000);
        Assert.NotNull(pages.Find(cursors.Last(c => pages.Find(c) is not null)));
    }

    [Fact]
    public void Unknown_cursor_finds_nothing()
    {
        Assert.Null(new SearchPages(TimeProvider.System).Find("nope"));
    }
}
