using ChatRoom.Model;

namespace ChatRoom.Endpoints;

/// <summary>
/// Who the member upgrading with <paramref name="context"/> is; null for an anonymous member. The
/// server's own answers every member anonymous; a token scheme answers from the token.
/// </summary>
internal delegate MemberIdentity? IdentifyMember(HttpContext context);
