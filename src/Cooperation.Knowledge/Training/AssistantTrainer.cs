using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cooperation.Knowledge.Answering;
using Cooperation.Knowledge.Evaluation;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Search.Ranking;
using Microsoft.Extensions.Options;

namespace Cooperation.Knowledge.Training;

/// <summary>The two model files a training run writes, and what it measured on the way.</summary>
public sealed record TrainedModels(string RankerJson, string AnswerJson, string Report);

/// <summary>
/// Trains the assistant's models from questions over an imported corpus: the span ranker (LambdaMART, ML.NET FastTree)
/// on question → evidence-sentence pairs, and the answer model (logistic regression) that decides when to decline and
/// how much of the question a quote must cover before a short lead is read from it. Every hyper-parameter and
/// threshold is chosen by cross-validation over documents: the questions of one document are always judged by models
/// that never saw that document.
/// </summary>
public sealed class AssistantTrainer
{
    /// <summary>The folds of the cross-validation; documents are dealt to them in turn.</summary>
    private const int Folds = 4;

    /// <summary>How many passages the reranker reads for each question, as at run time (KnowledgeSearch.RerankDepth).</summary>
    private const int Candidates = 30;

    private readonly IKnowledgeSearch _search;
    private readonly PassageMatcher _matcher;
    private readonly int _passagesToRead;

    internal AssistantTrainer(IKnowledgeSearch search, PassageMatcher matcher, IOptions<AssistantOptions> options)
    {
        _search = search;
        _matcher = matcher;
        _passagesToRead = options.Value.PassagesToRead;
    }

    /// <param name="fileNameOfDocument">The file each indexed document came from, to tell which passages hold a question's evidence.</param>
    /// <param name="domainQuestions">Questions that only teach the off-topic gate what is and is not about IP rules.</param>
    public async Task<TrainedModels> TrainAsync(
        IReadOnlyList<EvaluationQuestion> questions,
        IReadOnlyList<DomainQuestion> domainQuestions,
        IReadOnlyCollection<Guid> workspaceIds,
        Func<Guid, string?> fileNameOfDocument,
        TextWriter log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(domainQuestions);
        ArgumentNullException.ThrowIfNull(fileNameOfDocument);
        ArgumentNullException.ThrowIfNull(log);
        var examples = new List<TrainingExample>();
        foreach (var question in questions)
        {
            examples.Add(await ReadAsync(question, workspaceIds, fileNameOfDocument, cancellationToken).ConfigureAwait(false));
        }

        AssignFolds(examples);
        var report = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{examples.Count} questions: {examples.Count(e => e.Question.Answerable)} answerable, {examples.Count(e => e.HasRelevantSpan)} with evidence among the {Candidates} passages read, {examples.Sum(e => e.Spans.Count)} spans."),
        };
        await log.WriteLineAsync(report[0]).ConfigureAwait(false);

        var ranker = new RankerTraining(examples);
        var (settings, rankerFigures) = ranker.ChooseByCrossValidation(log, cancellationToken);
        report.Add(rankerFigures);
        var outOfFold = ranker.OutOfFoldScores(settings, cancellationToken);
        var finalRanker = ranker.Train(settings, examples);
        var rankerJson = RankerTraining.ToJson(finalRanker, settings, rankerFigures, questions.Count);

        var contexts = examples.Select(e => (Example: e, Context: e.Context(f => outOfFold[f], _passagesToRead, _matcher))).ToList();
        var domainRows = domainQuestions.Select(q => (Plan: _search.Plan(q.Question), q.OnTopic)).ToList();
        var answer = new AnswerTraining(contexts, domainRows);
        var (answerModel, answerFigures) = answer.Train(log, cancellationToken);
        report.Add(answerFigures);
        return new TrainedModels(rankerJson, answerModel, string.Join(Environment.NewLine, report));
    }

    private async Task<TrainingExample> ReadAsync(EvaluationQuestion question, IReadOnlyCollection<Guid> workspaceIds, Func<Guid, string?> fileNameOfDocument, CancellationToken cancellationToken)
    {
        var plan = _search.Plan(question.Question);
        var ranked = await _search.SearchRankedAsync(plan, workspaceIds, Candidates, cancellationToken).ConfigureAwait(false);
        var statistics = await _search.StatisticsAsync(plan, workspaceIds, cancellationToken).ConfigureAwait(false);
        // In the order the passages were found and the spans stand in them, not the order the embedded ranker gave:
        // the training must not depend on the model it replaces, or a rerun would not give the same model.
        var spans = ranked.Spans.OrderBy(s => s.PassageRank).ThenBy(s => s.Offset).ToList();
        // Binary: graded labels (other spans of the right document counting 1) ranked worse in cross-validation.
        var labels = spans.Select(s =>
            question.Answerable
            && string.Equals(fileNameOfDocument(s.Passage.DocumentId), question.SourceDocument, StringComparison.OrdinalIgnoreCase)
            && TrainingExample.HoldsEvidence(s.Text, question.Evidence) ? TrainingExample.EvidenceLabel : 0f).ToArray();
        return new TrainingExample { Question = question, Plan = plan, Evidence = new Evidence(plan, statistics), Spans = spans, Labels = labels };
    }

    /// <summary>Deals documents to folds in turn (by name, so a rerun deals them alike); questions without a document are dealt one by one.</summary>
    private static void AssignFolds(List<TrainingExample> examples)
    {
        var documents = examples.Select(e => e.Question.SourceDocument).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var next = 0;
        foreach (var example in examples.OrderBy(e => e.Question.Id, StringComparer.Ordinal))
        {
            example.Fold = example.Question.SourceDocument is { } document
                ? documents.FindIndex(d => string.Equals(d, document, StringComparison.OrdinalIgnoreCase)) % Folds
                : next++ % Folds;
        }
    }

    internal static int FoldCount => Folds;

    internal static JsonSerializerOptions Json { get; } = new() { WriteIndented = true };

    internal static JsonArray Array(IEnumerable<double> values) => new([.. values.Select(v => JsonValue.Create(Math.Round(v, 6)))]);
}
