using ArSpine.App.Hosts.StereoKit;

namespace ArSpine.App.Tests.HeadsetHost;

public sealed class SpanStringCacheTests
{
    [Fact]
    public void Get_SameTextFromTwoBuffers_ReturnsTheSameString()
    {
        var cache = new SpanStringCache();
        char[] first = "Entry 2.5 mm".ToCharArray();
        char[] second = "Entry 2.5 mm".ToCharArray();

        string a = cache.Get(first);
        string b = cache.Get(second);

        Assert.Equal("Entry 2.5 mm", a);
        Assert.Same(a, b);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Get_CharactersOutsidePrintableAscii_BecomeQuestionMarks()
    {
        var cache = new SpanStringCache();

        Assert.Equal("angle 4.0? L?", cache.Get("angle 4.0° L\t"));
        Assert.Same(cache.Get("angle 4.0? L?"), cache.Get("angle 4.0\u00b0 L\n"));
    }

    [Fact]
    public void Get_TextHeldAlready_AllocatesNothing()
    {
        var cache = new SpanStringCache();
        Span<char> buffer = stackalloc char[32];
        for (int i = 0; i < 10; i++)
        {
            i.TryFormat(buffer, out int written);
            cache.Get(buffer[..written]);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int frame = 0; frame < 1000; frame++)
        {
            (frame % 10).TryFormat(buffer, out int written);
            cache.Get(buffer[..written]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Get_BeyondCapacity_StartsAfresh()
    {
        var cache = new SpanStringCache(capacity: 2);
        string a = cache.Get("a");
        cache.Get("b");

        cache.Get("c");

        Assert.Equal(1, cache.Count);
        Assert.NotSame(a, cache.Get("a".ToCharArray()));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpanStringCache(0));
    }
}
