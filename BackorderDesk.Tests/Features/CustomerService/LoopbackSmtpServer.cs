using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace BackorderDesk.Tests.Features.CustomerService;

/// <summary>
/// A small real SMTP server on a loopback port for delivery tests: it speaks enough of RFC 5321
/// for MailKit (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps every accepted message, and can be
/// told to answer the first <see cref="FailFirst"/> MAIL commands with 451 (try again later).
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _failuresLeft;

    public LoopbackSmtpServer(int failFirst = 0)
    {
        _failuresLeft = failFirst;
        FailFirst = failFirst;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int FailFirst { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public List<MimeMessage> Received { get; } = [];

    /// <summary>How many MAIL commands were refused with 451.</summary>
    public int Refused { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        catch (SocketException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);

            // One session at a time is all the delivery loop needs, and keeps the order observable.
            await ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost test SMTP");
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (command)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        if (_failuresLeft > 0)
                        {
                            _failuresLeft--;
                            Refused++;
                            await writer.WriteLineAsync("451 4.3.0 Mailbox busy, try again later");
                        }
                        else
                        {
                            await writer.WriteLineAsync("250 OK");
                        }

                        break;
                    case "RCPT":
                    case "RSET":
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        using (var message = new MemoryStream(Encoding.UTF8.GetBytes(data.ToString())))
                        {
                            Received.Add(await MimeMessage.LoadAsync(message, _stop.Token));
                        }

                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
        catch (IOException)
        {
            // The client hung up (MailKit drops the connection after a refused command).
        }
    }
}
