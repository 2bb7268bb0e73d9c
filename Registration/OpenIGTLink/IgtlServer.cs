using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ArSpine.Registration.OpenIGTLink;

/// <summary>A message received by <see cref="IgtlServer"/> and the connection it came on.</summary>
/// <param name="From">The connection (reply on it with <see cref="IgtlConnection.SendAsync"/>).</param>
/// <param name="Message">The message.</param>
public sealed record IgtlReceived(IgtlConnection From, IgtlMessage Message);

/// <summary>
/// An OpenIGTLink server: accepts any number of clients (3D Slicer, PLUS), reads their messages into one channel and
/// broadcasts ours to all. Binds to the loopback address unless another is given. A malformed message closes only the
/// connection it came on (the reason is kept in <see cref="Errors"/>); other connections and the process carry on.
/// </summary>
public sealed class IgtlServer : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly IgtlLimits limits;
    private readonly ConcurrentDictionary<IgtlConnection, Task> connections = new();
    private readonly ConcurrentQueue<string> errors = new();
    private readonly Channel<IgtlReceived> received = Channel.CreateBounded<IgtlReceived>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource stopping = new();
    private Task? acceptLoop;

    /// <summary>Creates a server on <paramref name="port"/> (0: any free port) at <paramref name="address"/> (default: loopback only).</summary>
    public IgtlServer(int port = 18944, IPAddress? address = null, IgtlLimits? limits = null)
    {
        listener = new TcpListener(address ?? IPAddress.Loopback, port);
        this.limits = limits ?? new IgtlLimits();
    }

    /// <summary>The port listened on (known after <see cref="Start"/>).</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>The address listened on.</summary>
    public IPAddress Address => ((IPEndPoint)listener.LocalEndpoint).Address;

    /// <summary>Messages from every client, in arrival order (the oldest are dropped beyond 1024 unread).</summary>
    public ChannelReader<IgtlReceived> Messages => received.Reader;

    /// <summary>Why connections were closed: malformed messages, stalls, resets.</summary>
    public IReadOnlyCollection<string> Errors => errors;

    /// <summary>Clients connected now.</summary>
    public int ConnectionCount => connections.Count;

    /// <summary>Starts listening and accepting.</summary>
    public void Start()
    {
        listener.Start();
        acceptLoop = AcceptLoopAsync(stopping.Token);
    }

    /// <summary>Sends a message to every connected client; a client that fails is dropped.</summary>
    public async Task BroadcastAsync(IgtlMessage message, CancellationToken cancellationToken = default)
    {
        // Packed once: every peer gets the same bytes.
        byte[] bytes = IgtlCodec.Pack(message);
        foreach (IgtlConnection connection in connections.Keys)
        {
            try
            {
                await connection.SendRawAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                errors.Enqueue($"{connection.RemoteEndPoint}: send failed: {e.Message}");
                Drop(connection);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        Task[] readers = connections.Values.ToArray();
        foreach (IgtlConnection connection in connections.Keys)
        {
            Drop(connection);
        }

        if (acceptLoop is not null)
        {
            await acceptLoop.ConfigureAwait(false);
        }

        await Task.WhenAll(readers).ConfigureAwait(false);
        received.Writer.TryComplete();
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var connection = new IgtlConnection(client, limits);
            connections[connection] = Task.CompletedTask;
            // If the reader has already finished and dropped the connection, the update fails and nothing stale stays.
            connections.TryUpdate(connection, Task.Run(() => ReadLoopAsync(connection, cancellationToken), CancellationToken.None), Task.CompletedTask);
        }
    }

    private async Task ReadLoopAsync(IgtlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            while (await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false) is IgtlMessage message)
            {
                await received.Writer.WriteAsync(new IgtlReceived(connection, message), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IgtlProtocolException or IOException or SocketException or ObjectDisposedException)
        {
            errors.Enqueue($"{connection.RemoteEndPoint}: {e.Message}");
        }
        finally
        {
            Drop(connection);
        }
    }

    private void Drop(IgtlConnection connection)
    {
        connections.TryRemove(connection, out _);
        connection.Dispose();
    }
}
