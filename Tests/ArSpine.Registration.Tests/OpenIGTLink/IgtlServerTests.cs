using System.Buffers.Binary;
using ArSpine.Core.Geometry;
using ArSpine.Registration.OpenIGTLink;

namespace ArSpine.Registration.Tests.OpenIGTLink;

/// <summary>Our server under malformed input: each bad connection is closed, the others keep working.</summary>
public class IgtlServerTests
{
    private static readonly IgtlMessage Good = new("Good", 1, new TransformContent(RigidTransform.FromTranslation(new Vector3d(1, 2, 3))));

    private static async Task<(IgtlServer Server, IgtlConnection Healthy)> StartAsync()
    {
        var server = new IgtlServer(port: 0, limits: new IgtlLimits(MaxBodyBytes: 1 << 20, MessageTimeout: TimeSpan.FromMilliseconds(300)));
        server.Start();
        return (server, await IgtlConnection.ConnectAsync("127.0.0.1", server.Port));
    }

    private static async Task AssertHealthyStillHeardAsync(IgtlServer server, IgtlConnection healthy)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await healthy.SendAsync(Good, timeout.Token);
        IgtlReceived received = await server.Messages.ReadAsync(timeout.Token);
        Assert.Equal("Good", received.Message.DeviceName);
    }

    private static async Task WaitForErrorAsync(IgtlServer server)
    {
        for (int i = 0; i < 200 && server.Errors.Count == 0; i++)
        {
            await Task.Delay(20);
        }
    }

    private static async Task AssertClosedByServerAsync(IgtlConnection bad)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            Assert.Null(await bad.ReceiveAsync(timeout.Token));
        }
        catch (IOException)
        {
            // A reset is as good as a close.
        }
    }

    [Fact]
    public async Task Server_BadCrc_ClosesThatConnectionOnly()
    {
        (IgtlServer server, IgtlConnection healthy) = await StartAsync();
        await using (server)
        await using (healthy)
        await using (IgtlConnection bad = await IgtlConnection.ConnectAsync("127.0.0.1", server.Port))
        {
            byte[] bytes = IgtlCodec.Pack(Good);
            bytes[^1] ^= 1;
            await bad.SendRawAsync(bytes);

            await WaitForErrorAsync(server);
            Assert.Contains(server.Errors, e => e.Contains("TRANSFORM CRC-64", StringComparison.Ordinal));
            await AssertClosedByServerAsync(bad);
            await AssertHealthyStillHeardAsync(server, healthy);
        }
    }

    [Fact]
    public async Task Server_HugeLength_RefusedWithoutAllocating()
    {
        (IgtlServer server, IgtlConnection healthy) = await StartAsync();
        await using (server)
        await using (healthy)
        await using (IgtlConnection bad = await IgtlConnection.ConnectAsync("127.0.0.1", server.Port))
        {
            byte[] bytes = IgtlCodec.Pack(Good)[..IgtlHeader.Size];
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(42), 1UL << 40);
            long before = GC.GetTotalAllocatedBytes();
            await bad.SendRawAsync(bytes);

            await WaitForErrorAsync(server);
            Assert.Contains(server.Errors, e => e.Contains("TRANSFORM body size: expected at most 1048576 bytes. Was '1099511627776'.", StringComparison.Ordinal));
            Assert.True(GC.GetTotalAllocatedBytes() - before < 1 << 24, "the server must not allocate the announced body");
            await AssertHealthyStillHeardAsync(server, healthy);
        }
    }

    [Fact]
    public async Task Server_ShortBodyThenSilence_TimesOutWithoutBlockingOthers()
    {
        (IgtlServer server, IgtlConnection healthy) = await StartAsync();
        await using (server)
        await using (healthy)
        await using (IgtlConnection bad = await IgtlConnection.ConnectAsync("127.0.0.1", server.Port))
        {
            byte[] bytes = IgtlCodec.Pack(Good);
            await bad.SendRawAsync(bytes.AsMemory(0, IgtlHeader.Size + 10));

            // While the bad connection stalls, the healthy one is served.
            await AssertHealthyStillHeardAsync(server, healthy);
            await WaitForErrorAsync(server);
            Assert.Contains(server.Errors, e => e.Contains("stalled", StringComparison.Ordinal));
            await AssertClosedByServerAsync(bad);
        }
    }

    [Fact]
    public async Task Server_GarbageHeader_ClosesConnectionAndKeepsAccepting()
    {
        (IgtlServer server, IgtlConnection healthy) = await StartAsync();
        await using (server)
        await using (healthy)
        {
            await using (IgtlConnection bad = await IgtlConnection.ConnectAsync("127.0.0.1", server.Port))
            {
                await bad.SendRawAsync(Enumerable.Repeat((byte)0xFF, 100).ToArray());
                await WaitForErrorAsync(server);
            }

            Assert.Contains(server.Errors, e => e.Contains("header version: expected 1 or 2", StringComparison.Ordinal));
            await using IgtlConnection later = await IgtlConnection.ConnectAsync("127.0.0.1", server.Port);
            await AssertHealthyStillHeardAsync(server, later);
        }
    }

    [Fact]
    public async Task Server_Broadcast_ReachesEveryClientWithVersion2Metadata()
    {
        await using var server = new IgtlServer(port: 0);
        server.Start();
        await using IgtlConnection a = await IgtlConnection.ConnectAsync("127.0.0.1", server.Port);
        await using IgtlConnection b = await IgtlConnection.ConnectAsync("127.0.0.1", server.Port);
        for (int i = 0; i < 100 && server.ConnectionCount < 2; i++)
        {
            await Task.Delay(20);
        }

        var message = new IgtlMessage("CtToWorld", 10, new TransformContent(RigidTransform.FromTranslation(new Vector3d(5, 6, 7))), 2, new Dictionary<string, string> { ["Units"] = "mm" }, 3);
        await server.BroadcastAsync(message);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        foreach (IgtlConnection client in new[] { a, b })
        {
            IgtlMessage received = (await client.ReceiveAsync(timeout.Token))!;
            Assert.Equal(2, received.HeaderVersion);
            Assert.Equal("mm", received.Metadata!["Units"]);
            Assert.Equal(new Vector3d(5, 6, 7), Assert.IsType<TransformContent>(received.Content).Transform.TranslationMm);
        }
    }
}
