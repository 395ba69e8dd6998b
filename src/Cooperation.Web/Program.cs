using Cooperation.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddCooperationWeb();

var app = builder.Build();
app.MapCooperation();
app.Run();

public partial class Program;
