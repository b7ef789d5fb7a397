"""Mentor matching on measured data: the score of a pair (score.py), the whole-pool proposal (pool.py) and its
publication (publish.py); the people and features are read in candidates.py. See docs/matching.md."""

from .pool import Proposal, propose, rank
from .publish import Pair, ProposalStale, publish

__all__ = ["Pair", "Proposal", "ProposalStale", "propose", "publish", "rank"]
