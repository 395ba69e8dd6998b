using System.Globalization;
using Cooperation.Knowledge.Evaluation;

namespace Cooperation.Knowledge.Training;

/// <summary>Counts of simulated answers, with the figures `cooperation eval` reports.</summary>
internal sealed class SimulatedOutcome
{
    private int _answerable;
    private int _unanswerable;
    private int _offTopic;
    private int _answered;
    private int _declinedRight;
    private int _declinedWrong;
    private int _offTopicDeclined;
    private int _wrongLeads;

    public int AnswersRight { get; private set; }

    public void Declined(EvaluationQuestion question)
    {
        Count(question);
        if (question.Answerable)
        {
            _declinedWrong++;
        }
        else
        {
            _declinedRight++;
            _offTopicDeclined += question.IsOffTopic ? 1 : 0;
        }
    }

    public void Answered(EvaluationQuestion question, bool right, bool wrongLead)
    {
        Count(question);
        _answered++;
        AnswersRight += right ? 1 : 0;
        _wrongLeads += wrongLead ? 1 : 0;
    }

    private void Count(EvaluationQuestion question)
    {
        _answerable += question.Answerable ? 1 : 0;
        _unanswerable += question.Answerable ? 0 : 1;
        _offTopic += question.IsOffTopic ? 1 : 0;
    }

    private static double Share(int part, int whole) => whole == 0 ? 1 : (double)part / whole;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"answers right {Share(AnswersRight, _answerable):F3}, answer precision {Share(AnswersRight, _answered):F3}, coverage {Share(_answerable - _declinedWrong, _answerable):F3}, decline precision {Share(_declinedRight, _declinedRight + _declinedWrong):F3}, decline recall {Share(_declinedRight, _unanswerable):F3}, off-topic declined {Share(_offTopicDeclined, _offTopic):F3}, wrong leads {Share(_wrongLeads, _answered):F3}.");
}
