"""How many of a domain's questions the student is expected to answer right, seen and
unseen alike: the one model behind readiness, the weak-drill header and the weak drill's
domain weights (docs/spaced-repetition.md, "Readiness").

- A question already studied (answered with the key shown after it, in a drill;
  study.mastery passes only those as `known`) counts at its mastery (FSRS recall and
  recent accuracy), shrunk by `SEEN_SHRINK` toward the first-try accuracy below: a question
  drilled until it is answered right is remembered less well in a mock exam than its
  recent answers suggest (measured with benchmarks/simulate_students.py --calibration).
- A question never seen, or met only in mock exams, counts at the student's first-try
  accuracy in its domain: their right first answers there, shrunk toward their first-try
  accuracy over the whole exam
  (`DOMAIN_SHRINK` pseudo-answers), which is itself shrunk toward a stated prior of
  `PRIOR_ACCURACY` (`PRIOR_WEIGHT` pseudo-answers). Mock-exam answers are first answers
  too, so a mock exam counts as evidence. Unseen questions are neither counted as wrong
  nor as right: the less evidence, the closer to the prior and the wider the variance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# A candidate we know nothing about: half of the questions right on first sight.
PRIOR_ACCURACY = 0.5
# The prior weighs as much as this many first answers.
PRIOR_WEIGHT = 10.0
# A domain's first-try accuracy is pulled toward the exam-wide one by this many
# pseudo-answers, so two lucky answers do not make a domain look strong.
DOMAIN_SHRINK = 4.0
SEEN_SHRINK = 0.1


@dataclass(frozen=True)
class DomainExpectation:
    expected: float  # share of the domain's questions answered right (0-1)
    unseen_rate: float  # the chance for a question never seen
    variance: float  # of `expected` from the domain's own evidence (not the exam's luck)
    # How much `expected` moves with the exam-wide rate (whose uncertainty every domain
    # shares): d expected / d rate.
    leans_on_exam: float


@dataclass(frozen=True)
class ExamExpectation:
    rate: float  # first-try accuracy over the exam, shrunk toward the prior
    rate_variance: float
    domains: dict[str, DomainExpectation]


def expectations(
    first_tries: Mapping[str, tuple[int, int]],
    known: Mapping[str, tuple[float, int, int]],
) -> ExamExpectation:
    """`first_tries`: domain -> (right first answers, first answers);
    `known`: domain -> (summed mastery of the seen questions, seen, questions in the banks)."""
    right = sum(r for r, _n in first_tries.values())
    answered = sum(n for _r, n in first_tries.values())
    weight = answered + PRIOR_WEIGHT
    rate = (right + PRIOR_WEIGHT * PRIOR_ACCURACY) / weight
    rate_variance = rate * (1 - rate) / (weight + 1)
    domains = {}
    for domain, (mastered, seen, total) in known.items():
        r, n = first_tries.get(domain, (0, 0))
        unseen = (r + DOMAIN_SHRINK * rate) / (n + DOMAIN_SHRINK)
        pull = DOMAIN_SHRINK / (n + DOMAIN_SHRINK)
        unseen_var = unseen * (1 - unseen) / (n + DOMAIN_SHRINK + 1)
        mastered = (1 - SEEN_SHRINK) * mastered + SEEN_SHRINK * seen * unseen
        if total:
            unseen_share = (total - seen) / total
            mean_known = mastered / seen if seen else 0.0
            seen_var = (
                (seen / total) ** 2 * mean_known * (1 - mean_known) / (seen + 1) if seen else 0.0
            )
            expected = (mastered + (total - seen) * unseen) / total
            variance = unseen_share**2 * unseen_var + seen_var
        else:  # questions the exam asks but no bank holds: first sight on exam day
            unseen_share = 1.0
            expected, variance = unseen, unseen_var
        domains[domain] = DomainExpectation(expected, unseen, variance, unseen_share * pull)
    return ExamExpectation(rate, rate_variance, domains)
