"""The default list of topics (data/topics.toml), loaded for a region by a rerun-safe function."""

import tomllib
from pathlib import Path

from .models import Topic

DATA = Path(__file__).parent / "data" / "topics.toml"


def default_topic_names() -> list[str]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))["topics"]


def ensure_default_topics(region) -> list[Topic]:
    """The region's shared topics (municipality empty) of the default list, created where missing."""
    topics = []
    for order, name in enumerate(default_topic_names(), start=1):
        topic, _ = Topic.objects.get_or_create(region=region, municipality=None, name=name, defaults={"order": order})
        topics.append(topic)
    return topics
