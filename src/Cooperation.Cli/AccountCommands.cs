using System.CommandLine;
using Cooperation.Web.Accounts;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Cli;

internal static class AccountCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return CreateAdmin();
        yield return Token();
        yield return Password();
    }

    private static Command Password()
    {
        var email = new Option<string>("--email") { Description = "Whose password it is.", Required = true };
        var password = new Option<string?>("--password") { Description = "The new password; when omitted, one is generated and printed once." };
        var command = new Command("password", "Sets a person's password, for example the administrator's after the first start. Their other sign-ins on the site end; access tokens stay.") { email, password };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            using var host = await CliHost.StartAsync(parse, ct);
            await using var scope = host.Services.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(parse.GetValue(email)!)
                ?? throw new CliException($"There is no account with the email {parse.GetValue(email)}.");
            var generated = await scope.ServiceProvider.GetRequiredService<AccountService>().SetPasswordAsync(user.Id, parse.GetValue(password), ct);
            Console.WriteLine($"The password of {user.Email} was changed; their other sign-ins on the site have ended.");
            if (generated is not null)
            {
                Console.WriteLine($"Password (shown once): {generated}");
            }
        }));
        return command;
    }

    private static Command CreateAdmin()
    {
        var email = new Option<string?>("--email") { Description = "The administrator's email (default: Cooperation:Admin:Email, else admin@cooperation.local)." };
        var password = new Option<string?>("--password") { Description = "A password; when omitted, one is generated and printed once." };
        var command = new Command("create-admin", "Creates an administrator, or makes an existing account one.") { email, password };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            using var host = await CliHost.StartAsync(parse, ct, mayCreate: true);
            await using var scope = host.Services.CreateAsyncScope();
            var bootstrap = scope.ServiceProvider.GetRequiredService<AdministratorBootstrap>();
            var result = await bootstrap.EnsureAsync(parse.GetValue(email), parse.GetValue(password), ct);
            Console.WriteLine(result.Created ? $"Administrator {result.Email} created." : $"{result.Email} is an administrator.");
            if (result.GeneratedPassword is not null)
            {
                Console.WriteLine($"Password (shown once): {result.GeneratedPassword}");
            }
        }));
        return command;
    }

    private static Command Token()
    {
        var email = new Option<string>("--email") { Description = "Whose token it is.", Required = true };
        var days = new Option<int>("--days") { Description = "How many days it is valid.", DefaultValueFactory = _ => 90 };
        var name = new Option<string?>("--name") { Description = "A name to recognise it by." };
        var create = new Command("create", "Creates a personal access token and prints it once.") { email, days, name };
        create.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            using var host = await CliHost.StartAsync(parse, ct);
            await using var scope = host.Services.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(parse.GetValue(email)!)
                ?? throw new CliException($"There is no account with the email {parse.GetValue(email)} in {DatabasePresence.Describe(host.Services)}.");
            var token = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(user.Id, parse.GetValue(name) ?? "CLI token", parse.GetValue(days), ct);
            Console.WriteLine(token.Token);
        }));
        return new Command("token", "Personal access tokens for the API.") { create };
    }
}
