using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ArSpine.Core.Geometry;
using ArSpine.Registration.OpenIGTLink;

namespace ArSpine.Registration.Tests.OpenIGTLink;

/// <summary>Our client and server against the programs of Debian's openigtlink-examples (OpenIGTLink 1.11, header version 1).</summary>
public class IgtlPeerTests
{
    private static async Task<IgtlConnection> ConnectWithRetryAsync(int port)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await IgtlConnection.ConnectAsync("127.0.0.1", port);
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    [Fact]
    public async Task Client_SendsEveryTypeToReceiveServer_PeerDecodesThemWithValidCrc()
    {
        int port = IgtlPeer.FreePort();
        using IgtlPeer peer = IgtlPeer.Start("Receiver/ReceiveServer", port.ToString(CultureInfo.InvariantCulture));
        await using IgtlConnection client = await ConnectWithRetryAsync(port);
        var pose = new RigidTransform(new Matrix3d(0, -1, 0, 1, 0, 0, 0, 0, 1), new Vector3d(11, 22, 33));

        await client.SendAsync(new IgtlMessage("MarkerToCamera", 1.5, new TransformContent(pose)));
        await client.SendAsync(new IgtlMessage("Stylus", 2, new PositionContent(new Vector3d(4, 5, 6), 0, 0, 0.6, 0.8)));
        await client.SendAsync(new IgtlMessage("ArSpine", 3, new StatusContent(1, 77, "OK", "registration accepted")));
        await client.SendAsync(new IgtlMessage("ArSpine", 4, new TextContent("FRE 0.41 mm", TextContent.UsAscii)));
        await client.SendAsync(new IgtlMessage("CT", 5, new ImageContent(4, 3, 2, IgtlScalarType.UInt8, 1, new Vector3d(0.5, 0, 0), new Vector3d(0, 0.5, 0), new Vector3d(0, 0, 1.5), Vector3d.Zero, false, true, new byte[24])));

        Assert.True(peer.WaitFor("Sub-Volume offset"), peer.Output);
        string output = peer.Output;
        // igtl::PrintMatrix prints the rows of the 4x4 matrix.
        AssertPrinted("0, -1, 0, 11", output);
        AssertPrinted("1, 0, 0, 22", output);
        AssertPrinted("0, 0, 1, 33", output);
        AssertPrinted("position   = (4, 5, 6)", output);
        AssertPrinted("quaternion = (0, 0, 0.6, 0.8)", output);
        AssertPrinted(" Code      : 1", output);
        AssertPrinted(" SubCode   : 77", output);
        AssertPrinted(" Status    : registration accepted", output);
        AssertPrinted("Encoding: 3; String: FRE 0.41 mm", output);
        AssertPrinted("Dimensions            : (4, 3, 2)", output);
        AssertPrinted("Spacing               : (0.5, 0.5, 1.5)", output);
        AssertPrinted("Time stamp: 3.000000000", output);
    }

    private static void AssertPrinted(string expected, string output) =>
        Assert.True(output.Contains(expected, StringComparison.Ordinal), $"expected the peer to print '{expected}'; it printed:\n{output}");

    [Fact]
    public async Task Client_ReceivesFromTrackerServer_TransformsMatchThePeersKnownSequence()
    {
        int port = IgtlPeer.FreePort();
        using IgtlPeer peer = IgtlPeer.Start("Tracker/TrackerServer", port.ToString(CultureInfo.InvariantCulture), "100");
        await using IgtlConnection client = await ConnectWithRetryAsync(port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        for (int i = 0; i < 5; i++)
        {
            IgtlMessage message = (await client.ReceiveAsync(timeout.Token))!;
            Assert.Equal("Tracker", message.DeviceName);
            RigidTransform pose = Assert.IsType<TransformContent>(message.Content).Transform;
            // The peer's position is (50 cos φ, 50 sin φ, 50 cos φ) with φ = 0.2 i (float arithmetic).
            float phi = 0;
            for (int k = 0; k < i; k++)
            {
                phi += 0.2f;
            }

            Assert.Equal(50 * Math.Cos(phi), pose.TranslationMm.X, 3);
            Assert.Equal(50 * Math.Sin(phi), pose.TranslationMm.Y, 3);
            Assert.Equal(50 * Math.Cos(phi), pose.TranslationMm.Z, 3);
        }
    }

    [Fact]
    public async Task Server_ReceivesFromTrackerClient_OnLoopback()
    {
        await using var server = new IgtlServer(port: 0);
        server.Start();
        using IgtlPeer peer = IgtlPeer.Start("Tracker/TrackerClient", "127.0.0.1", server.Port.ToString(CultureInfo.InvariantCulture), "100");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var messages = new List<IgtlMessage>();
        while (messages.Count < 3)
        {
            messages.Add((await server.Messages.ReadAsync(timeout.Token)).Message);
        }

        Assert.Equal(IPAddress.Loopback, server.Address);
        Assert.All(messages, m => Assert.Equal("Tracker", m.DeviceName));
        Assert.All(messages, m => Assert.True(Assert.IsType<TransformContent>(m.Content).Transform.Rotation.IsRotation(1e-6)));
        Assert.Empty(server.Errors);
    }
}
