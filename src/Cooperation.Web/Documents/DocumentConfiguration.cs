using Cooperation.Web.Offices;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cooperation.Web.Documents;

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> document)
    {
        document.Property(d => d.Title).HasMaxLength(Document.TitleMaxLength);
        document.Property(d => d.Language).HasMaxLength(35);
        document.Property(d => d.CountryCode).HasMaxLength(2);
        document.Property(d => d.Tags).HasMaxLength(1_000);
        document.Property(d => d.CreatedById).HasMaxLength(450);
        document.Property(d => d.DeletedById).HasMaxLength(450);
        document.Ignore(d => d.TagList);
        document.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        document.HasOne<Office>().WithMany().HasForeignKey(d => d.OfficeId).OnDelete(DeleteBehavior.SetNull);
        document.HasMany(d => d.Versions).WithOne(v => v.Document).HasForeignKey(v => v.DocumentId).OnDelete(DeleteBehavior.Cascade);
        document.HasIndex(d => new { d.WorkspaceId, d.DeletedAt, d.UpdatedAt });
    }
}

internal sealed class DocumentVersionConfiguration : IEntityTypeConfiguration<DocumentVersion>
{
    public void Configure(EntityTypeBuilder<DocumentVersion> version)
    {
        version.Property(v => v.FileName).HasMaxLength(DocumentVersion.FileNameMaxLength);
        version.Property(v => v.MediaType).HasMaxLength(128);
        version.Property(v => v.Sha256).HasMaxLength(64);
        version.Property(v => v.StorageKey).HasMaxLength(200);
        version.Property(v => v.UploadedById).HasMaxLength(450);
        version.Property(v => v.ExtractionError).HasMaxLength(1_000);
        version.Property(v => v.TextLanguage).HasMaxLength(35);
        // Concurrent uploads of new versions race for the next number; the unique index makes the loser retry.
        version.HasIndex(v => new { v.DocumentId, v.Number }).IsUnique();
        version.HasIndex(v => v.StorageKey).IsUnique();
        version.HasIndex(v => v.Sha256);
    }
}

internal sealed class DocumentPageConfiguration : IEntityTypeConfiguration<DocumentPage>
{
    public void Configure(EntityTypeBuilder<DocumentPage> page)
    {
        page.HasKey(p => new { p.VersionId, p.Number });
        page.HasOne<DocumentVersion>().WithMany().HasForeignKey(p => p.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExtractionJobConfiguration : IEntityTypeConfiguration<ExtractionJob>
{
    public void Configure(EntityTypeBuilder<ExtractionJob> job)
    {
        job.HasIndex(j => j.VersionId).IsUnique();
        job.HasIndex(j => new { j.State, j.AvailableAt });
        job.HasOne<DocumentVersion>().WithMany().HasForeignKey(j => j.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
