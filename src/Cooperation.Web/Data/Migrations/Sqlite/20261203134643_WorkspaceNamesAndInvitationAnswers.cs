using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cooperation.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkspaceNamesAndInvitationAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Workspaces_Name",
                table: "Workspaces");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedName",
                table: "Workspaces",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "DeclinedAt",
                table: "Invitations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NormalizedEmail",
                table: "Invitations",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            // Placeholders that satisfy the unique index below; the site computes the real values in .NET when it starts
            // (WorkspaceNames.BackfillAsync, InvitationService.BackfillNormalizedEmailsAsync): SQLite's upper() knows only
            // ASCII, and names from before the case-insensitive check may differ only in case.
            migrationBuilder.Sql("UPDATE \"Workspaces\" SET \"NormalizedName\" = \"Id\";");
            migrationBuilder.Sql("UPDATE \"Invitations\" SET \"NormalizedEmail\" = upper(\"Email\");");

            migrationBuilder.CreateIndex(
                name: "IX_Workspaces_NormalizedName",
                table: "Workspaces",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_NormalizedEmail",
                table: "Invitations",
                column: "NormalizedEmail");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Workspaces_NormalizedName",
                table: "Workspaces");

            migrationBuilder.DropIndex(
                name: "IX_Invitations_NormalizedEmail",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "NormalizedName",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "DeclinedAt",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "NormalizedEmail",
                table: "Invitations");

            migrationBuilder.CreateIndex(
                name: "IX_Workspaces_Name",
                table: "Workspaces",
                column: "Name",
                unique: true);
        }
    }
}
