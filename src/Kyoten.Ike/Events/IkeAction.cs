using System.Net;

namespace Kyoten.Ike.Events;

/// <summary>Something the host must do for the engine: send, install or remove an SA, or arm a timer.</summary>
public abstract record IkeAction;

/// <summary>Send this UDP payload (it already carries the non-ESP marker when sent on the NAT-T port).</summary>
public sealed record SendDatagram(IPEndPoint Local, IPEndPoint Remote, byte[] Datagram) : IkeAction;

/// <summary>Install both directions of a CHILD SA into the data path.</summary>
public sealed record InstallChildSa(ChildSaParameters Parameters) : IkeAction;

/// <summary>Remove both directions of a CHILD SA from the data path.</summary>
public sealed record RemoveChildSa(string PeerName, uint InboundSpi, uint OutboundSpi) : IkeAction;

/// <summary>Call <see cref="IkeEngine.Tick"/> at (or after) this time; replaces any earlier request.</summary>
public sealed record ArmTimer(DateTimeOffset DueTime) : IkeAction;
