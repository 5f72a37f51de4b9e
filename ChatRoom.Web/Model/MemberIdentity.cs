namespace ChatRoom.Model;

/// <summary>Who a signed-in member is, from its token; anonymous members have none.</summary>
internal sealed record MemberIdentity(string Subject, string Name, bool IsModerator);
