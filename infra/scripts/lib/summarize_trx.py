"""Adds up the TRX reports of one test run and prints the closing 'N passed, N failed' line.

Reads a manifest with one line per test project: name<TAB>exit code<TAB>TRX path<TAB>filtered (1/0).
A project that crashed, exited with an unexpected code or wrote no report counts as one failure,
so a broken project can never look green. Exits 1 when anything failed or no test ran.
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# MTP exit codes: 2 = some tests failed, 8 = no test ran (expected when a filter matches nothing here).
EXIT_TESTS_FAILED = 2
EXIT_ZERO_TESTS = 8
FAILED_OUTCOMES = ("failed", "error", "timeout", "aborted", "disconnected")
MAX_FAILED_NAMES_SHOWN = 50
# CI keeps only the end of the output: each failure's reason is printed there, briefly, beside its name.
MAX_MESSAGE_LINES = 6
MAX_MESSAGE_CHARS = 600


def failure_reason(result):
    message = result.find("./{*}Output/{*}ErrorInfo/{*}Message")
    text = (message.text or "").strip() if message is not None else ""
    if not text:
        return "(no message in the report)"
    lines = text.splitlines()[:MAX_MESSAGE_LINES]
    return "\n".join("    " + line for line in lines)[:MAX_MESSAGE_CHARS]


def read_report(path):
    root = ET.parse(path).getroot()
    counters = root.find(".//{*}ResultSummary/{*}Counters")
    if counters is None:
        raise ValueError("no <Counters> element")
    count = lambda name: int(counters.get(name, "0"))
    failed_names = [
        f"{result.get('testName', '?')}\n{failure_reason(result)}"
        for result in root.iter()
        if result.tag.endswith("UnitTestResult") and result.get("outcome", "").lower() in FAILED_OUTCOMES
    ]
    return count("passed"), sum(count(o) for o in FAILED_OUTCOMES), count("notExecuted"), failed_names


def main(manifest_path):
    passed = failed = skipped = 0
    problems = []
    failed_tests = []
    for line in Path(manifest_path).read_text().splitlines():
        if not line.strip():
            continue
        name, exit_code, report, filtered = line.split("\t")
        exit_code, filtered = int(exit_code), filtered == "1"
        report = Path(report)
        if not report.is_file():
            if exit_code == EXIT_ZERO_TESTS and filtered:
                print(f"{name}: no test matched the filter")
            else:
                failed += 1
                problems.append(f"{name}: crashed or wrote no report (exit code {exit_code})")
            continue
        try:
            p, f, s, names = read_report(report)
        except (ET.ParseError, ValueError) as error:
            failed += 1
            problems.append(f"{name}: unreadable report {report} ({error})")
            continue
        passed, failed, skipped = passed + p, failed + f, skipped + s
        failed_tests += [f"{name}: {n}" for n in names]
        expected = {0} | ({EXIT_TESTS_FAILED} if f else set())
        if exit_code == EXIT_ZERO_TESTS and p + f + s == 0:
            if filtered:
                print(f"{name}: no test matched the filter")
            else:
                print(f"{name}: no tests")
                failed += 1
                problems.append(f"{name}: ran no tests")
            continue
        print(f"{name}: {p} passed, {f} failed" + (f", {s} skipped" if s else ""))
        if exit_code not in expected:
            failed += 1
            problems.append(f"{name}: test run ended with exit code {exit_code}")

    for test in failed_tests[:MAX_FAILED_NAMES_SHOWN]:
        print(f"FAILED TEST {test}")
    if len(failed_tests) > MAX_FAILED_NAMES_SHOWN:
        print(f"... and {len(failed_tests) - MAX_FAILED_NAMES_SHOWN} more failed tests")
    for problem in problems:
        print(f"FAILED PROJECT {problem}")
    if passed + failed == 0:
        print("No test ran.")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
