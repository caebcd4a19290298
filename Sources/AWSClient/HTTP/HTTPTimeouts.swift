/// How long an HTTP exchange may take.
///
/// URLSession on Linux (libcurl underneath) has no separate connect timeout, so
/// ``connect`` is enforced as the deadline for the response head (status line and
/// headers) to arrive: it bounds connection establishment and also a server that
/// accepts but never answers. ``request`` bounds the whole exchange, body included.
public struct HTTPTimeouts: Sendable, Hashable {
    /// Deadline for connecting and receiving the response head.
    public var connect: Duration
    /// Deadline for the whole exchange, from sending to the last body byte.
    public var request: Duration

    /// Creates timeouts. `request` is raised to `connect` if it is shorter.
    public init(connect: Duration = .seconds(10), request: Duration = .seconds(30)) {
        self.connect = connect
        self.request = max(request, connect)
    }
}
