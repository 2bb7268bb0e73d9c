using System.Globalization;
using System.Net.Sockets;

namespace ArSpine.Registration.OpenIGTLink;

/// <summary>Limits that keep a malformed or hostile peer from exhausting memory or blocking a reader.</summary>
/// <param name="MaxBodyBytes">Largest accepted body, bytes; a header announcing more is refused before anything is allocated.</param>
/// <param name="MessageTimeout">Longest wait for the rest of a message once its first byte arrived.</param>
public sealed record IgtlLimits(long MaxBodyBytes = 64L << 20, TimeSpan MessageTimeout = default)
{
    /// <summary>The message timeout in effect: 2 s unless set.</summary>
    public TimeSpan EffectiveTimeout => MessageTimeout == default ? TimeSpan.FromSeconds(2) : MessageTimeout;
}

/// <summary>
/// One OpenIGTLink TCP connection: sends and receives whole messages. Sends may come from several threads (they are
/// serialised); receive from one reader at a time. Owns the socket: dispose it.
/// </summary>
public sealed class IgtlConnection : IAsyncDisposable, IDisposable
{
    private readonly TcpClient client;
    private readonly NetworkStream stream;
    private readonly IgtlLimits limits;
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly byte[] headerBuffer = new byte[IgtlHeader.Size];

    internal IgtlConnection(TcpClient client, IgtlLimits limits)
    {
        this.client = client;
        this.limits = limits;
        client.NoDelay = true;
        stream = client.GetStream();
        RemoteEndPoint = client.Client.RemoteEndPoint?.ToString() ?? "unknown";
    }

    /// <summary>The peer's address and port.</summary>
    public string RemoteEndPoint { get; }

    /// <summary>Connects to an OpenIGTLink server (3D Slicer and PLUS listen on 18944 by default).</summary>
    public static async Task<IgtlConnection> ConnectAsync(string host, int port, IgtlLimits? limits = null, CancellationToken cancellationToken = default)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new IgtlConnection(client, limits ?? new IgtlLimits());
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one message.</summary>
    public async Task SendAsync(IgtlMessage message, CancellationToken cancellationToken = default)
    {
        byte[] bytes = IgtlCodec.Pack(message);
        await SendRawAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends bytes as they are: an already packed message (a broadcast packs once), or malformed input for tests of peers.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            sendLock.Release();
        }
    }

    /// <summary>
    /// Receives the next message; null when the peer closed the connection between messages. Throws
    /// <see cref="IgtlProtocolException"/> for a malformed message (bad CRC, size over the limit, bad content) and
    /// <see cref="IOException"/> when the connection ends or stalls mid-message.
    /// </summary>
    public async Task<IgtlMessage?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        int first = await stream.ReadAsync(headerBuffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false);
        if (first == 0)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.EffectiveTimeout);
        try
        {
            await stream.ReadExactlyAsync(headerBuffer.AsMemory(1), timeout.Token).ConfigureAwait(false);
            IgtlHeader header = IgtlHeader.Parse(headerBuffer);
            if (header.BodySize > (ulong)limits.MaxBodyBytes)
            {
                throw new IgtlProtocolException($"{header.TypeName} body size", $"at most {limits.MaxBodyBytes} bytes", header.BodySize.ToString(CultureInfo.InvariantCulture));
            }

            var body = new byte[(int)header.BodySize];
            await stream.ReadExactlyAsync(body, timeout.Token).ConfigureAwait(false);
            return IgtlCodec.Unpack(header, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"OpenIGTLink message from {RemoteEndPoint}: expected the rest of the message within {limits.EffectiveTimeout.TotalSeconds:0.###} s. Was: it stalled.");
        }
        catch (EndOfStreamException e)
        {
            throw new IOException($"OpenIGTLink message from {RemoteEndPoint}: expected the rest of the message. Was: the connection closed mid-message.", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        stream.Dispose();
        client.Dispose();
        sendLock.Dispose();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
