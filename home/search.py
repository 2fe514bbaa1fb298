"""Chinese text made searchable by a database's full-text search (DESIGN.md §6).

Full-text search does not segment Chinese, so both sides are prepared here:

- the **indexed text** (:func:`index_terms`) holds jieba's words (cut with the oilfield and
  party-building user dictionary ``search_dict.txt``) and, for every run of Chinese characters,
  each pair of neighbouring characters, so a word jieba cuts differently in the material
  (防止抽油杆断脱 → …, 断脱 / 油杆 / 抽油) is still found;
- a **query** (:func:`query_words`) is cut into words with common words (怎么, 如何, 的…)
  dropped; :func:`match_terms` turns each word into the index terms that must all be present
  (a word of three or more characters becomes its character pairs). Every word must match (AND).
"""

import logging
import re
from functools import lru_cache
from pathlib import Path

USER_DICTIONARY = Path(__file__).with_name("search_dict.txt")

# Words that would widen a query without telling anything about what is sought.
_STOP_WORDS = """
    的 了 是 在 和 与 及 或 吗 呢 啊 吧 呀 么 之 其 等 着 过 被 把 给 让 从 到 为 以 对 向 于 就 都 也
    还 又 很 最 更 而 并 但 则 即 这 那 哪 此 该 各 每 个 些 有 无 没 不 要 会 能 可 请 问
    怎么 怎样 怎么样 如何 什么 哪些 哪个 哪里 为什么 为何 是否 是不是 能否 可否 可以 应该 应当
    需要 一下 一些 有关 关于 相关 方面 请问 我们 你们 他们 我 你 他 她 它 这个 那个 这些
    那些 这样 那样 以及 或者 还是 如果 因为 所以 然后 怎么办 知道 一个
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba  # imported lazily: loading the dictionary takes a moment

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(USER_DICTIONARY))
    return tokenizer


def preload() -> None:
    """Load the dictionary now (gunicorn's master calls it before forking its workers, which
    then share it) rather than at the first search."""
    _tokenizer()


def _is_cjk(word: str) -> bool:
    return bool(_CJK.search(word))


def _clean(word: str) -> str:
    return word.strip()


def character_pairs(text: str) -> list[str]:
    """Every pair of neighbouring Chinese characters of ``text``, in order."""
    pairs = []
    for run in _CJK_RUN.findall(text or ""):
        pairs.extend(run[i : i + 2] for i in range(len(run) - 1))
    return pairs


def segment_for_search(text: str) -> list[str]:
    """Chinese text cut into words (and their shorter sub-words) with the user dictionary."""
    words = []
    for word in _tokenizer().cut_for_search(text or ""):
        word = _clean(word)
        if word and any(ch.isalnum() for ch in word):
            words.append(word)
    return words


def index_terms(text: str) -> list[str]:
    """The terms stored for ``text``: its words and its Chinese character pairs, each once."""
    seen: dict[str, None] = {}
    for term in segment_for_search(text):
        seen.setdefault(term, None)
    for term in character_pairs(text):
        seen.setdefault(term, None)
    return list(seen)


def query_words(query: str) -> list[str]:
    """The words of a query that must all match: cut with the user dictionary, common words
    and punctuation dropped, each word once, single Chinese characters dropped when the query
    has longer words."""
    words: dict[str, None] = {}
    for word in _tokenizer().cut((query or "")[:200]):
        word = _clean(word)
        if not word or word in STOP_WORDS or not any(ch.isalnum() for ch in word):
            continue
        words.setdefault(word, None)
    result = list(words)
    if any(len(w) > 1 for w in result if _is_cjk(w)):
        result = [w for w in result if not (_is_cjk(w) and len(w) == 1)]
    return result


def match_terms(word: str) -> list[str]:
    """The index terms that must all be present for ``word`` to match: a Chinese word of three
    or more characters is matched by its character pairs, anything else by itself."""
    if _is_cjk(word) and len(word) > 2 and _CJK_RUN.fullmatch(word):
        return list(dict.fromkeys(character_pairs(word)))
    return [word]


def contains_all(text: str, words) -> bool:
    """Whether plain ``text`` contains every word (for small, already scoped lists)."""
    text = (text or "").lower()
    return all(word in text for word in words)
