using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cooperation.Web.Programmes;

public static class ProgrammesExtensions
{
    /// <summary>The programme services, shared by the site and the CLI.</summary>
    public static IHostApplicationBuilder AddProgrammes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProgrammeOptions>()
            .BindConfiguration(ProgrammeOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<ProgrammeEvents>()
            .AddScoped<ProgrammeService>()
            .AddScoped<SessionService>()
            .AddScoped<SessionImport>()
            .AddScoped<ConflictFinder>()
            .AddScoped<SlotSearch>()
            .AddScoped<HolidayService>()
            .AddScoped<CalendarFeeds>()
            .AddScoped<AgendaService>()
            .AddScoped<ProgrammeQueries>()
            .AddScoped<ReminderDispatcher>();
        return builder;
    }

    /// <summary>The site-only parts: the reminder loop and delivery through the hub (the CLI has no hub and sends no reminders).</summary>
    public static IHostApplicationBuilder AddProgrammeReminders(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IReminderChannel, HubReminderChannel>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProgrammeObserver, HubProgrammeObserver>());
        builder.Services.AddSingleton<ReminderService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReminderService>());
        return builder;
    }
}
