using System.Net;
using Microsoft.AspNetCore.Connections;

namespace ChatRoom.Hosting.Limits;

/// <summary>
/// Kestrel's socket transport with <see cref="ConnectionGuard.Admit"/> on every accept, so the
/// guard counts a connection the moment it holds a descriptor.
/// </summary>
internal sealed class GuardedListenerFactory(IConnectionListenerFactory inner, ConnectionGuard guard)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint,
        CancellationToken cancellationToken = default) =>
        new Listener(await inner.BindAsync(endpoint, cancellationToken), guard);

    public bool CanBind(EndPoint endpoint) =>
        inner is not IConnectionListenerFactorySelector selector || selector.CanBind(endpoint);

    private sealed class Listener(IConnectionListener inner, ConnectionGuard guard) : IConnectionListener
    {
        public EndPoint EndPoint => inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            var connection = await inner.AcceptAsync(cancellationToken);
            if (connection is not null)
            {
                guard.Admit(connection);
            }

            return connection;
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) =>
            inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
