using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Collaboration;

/// <summary>Something a person wrote in a workspace (a chat message, a comment), under the one rule of <see cref="Authors.Own"/>.</summary>
internal interface IAuthoredPost
{
    string AuthorId { get; }
    DateTime? DeletedAt { get; }
}

/// <summary>The rules chat, comments and presence share about the people who write.</summary>
internal static class Authors
{
    /// <summary>
    /// The post, when the person may change it: only its author edits or deletes it, and not once it is deleted.
    /// A post of another workspace, or none, is not found.
    /// </summary>
    /// <param name="what">What the post is called in the refusals ("Message", "Comment").</param>
    public static T Own<T>(T? post, string userId, string what) where T : class, IAuthoredPost
    {
        if (post is null)
        {
            throw ProblemException.NotFound(what);
        }

        var noun = what.ToLowerInvariant();
        if (post.AuthorId != userId)
        {
            throw ProblemException.Forbidden($"You can edit and delete only your own {noun}s.");
        }

        return post.DeletedAt is not null ? throw ProblemException.Conflict($"The {noun} was deleted.") : post;
    }

    /// <summary>How a person is named to the others: the display name, else the e-mail, else the id (also when the account is gone).</summary>
    public static async Task<string> NameAsync(CooperationDb db, string userId, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? userId;
}
