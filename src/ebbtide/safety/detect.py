"""Crisis language in free text, detected on the device: transparent rules plus a learned layer.

``detect`` combines two layers. The rules below catch explicit phrases and say why; the
learned layer (``learned.py``) reads paraphrase, slang and misspelling. Its probability puts
a note in one of three tiers (flagged: full help; unsure: a shorter, gentler form; nothing),
and a rule hit raises the note one tier, unless the learned layer is all but certain the
note is not a crisis. If the learned layer cannot load, the rules decide and any risky word
at all is flagged.

What counts: the writer's own intent to die or to self-harm, hopelessness with a plan or
means, and abuse or danger at home (including recent events: "last night he hit me").
What does not: negated statements ("I don't want to die"), idioms ("this commute is killing
me", "cut myself some slack"), accidents ("cut myself shaving"), other people's words in
quotes or reported speech ("my friend said she wants to die"), and distant past that the
writer frames as past ("years ago I used to cut myself").

The rules lean towards showing help: a false alarm costs a moment, a miss can cost much more.
Nothing here logs, stores or sends the text; it returns a verdict and the kinds found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUICIDE = "suicide"
SELF_HARM = "self-harm"
DANGER = "danger"


@dataclass(frozen=True)
class Detection:
    """Whether text needs help shown (flagged), gentler help (unsure), and the kinds found."""

    flagged: bool
    kinds: tuple[str, ...] = ()
    unsure: bool = False


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    first_person: bool  # the phrase itself says whose it is ("myself", "my life")
    inherent_negation: bool = False  # "don't want to live": the negation is the crisis


def _r(kind: str, regex: str, *, first_person: bool = True, negated: bool = False) -> _Rule:
    return _Rule(kind, re.compile(regex), first_person, negated)


_ABUSER = (
    r"(?:he|she|they|he's|she's|partner|husband|wife|boyfriend|girlfriend|bf|gf|dad|father|"
    r"mum|mom|mother|step-?father|step-?dad|step-?mother|step-?mum|brother|sister|ex|uncle|"
    r"aunt|parents?|carer|boss|landlord|flatmate|roommate|boyfriend's|mum's|mom's)"
)
_HARMS_ME = (
    r"(?:hit|hits|hitting|beat|beats|beating|choked|chokes|choking|strangled|strangles|kicked|"
    r"kicks|punched|punches|slapped|slaps|pushed|shoved|shoves|raped|rapes|touches|touched|"
    r"forced|hurts|hurting|threatens|threatened|threatening|grabbed|grabs|stabbed|locked|"
    r"burned|attacked|attacks|abuses|abused|beat up)"
)

_RULES: tuple[_Rule, ...] = (
    # --- intent to die ---------------------------------------------------------------
    _r(SUICIDE, r"\bkill(?:ing|ed)? myself\b(?! (?:laughing|trying|to get))|\bkms\b"),
    _r(SUICIDE, r"\b(?:end|ending|take|taking|took) my (?:own )?life\b"),
    _r(
        SUICIDE,
        r"\bsuicid(?:e|al)\b(?! (?:prevention|awareness|hotline|helpline|line|rates?|statistics|research|training))",
        first_person=False,
    ),
    _r(
        SUICIDE,
        r"\b(?:want|wanted|wanting|wanna|wish|going|plan|planning|ready) to die\b",
        first_person=False,
    ),
    _r(SUICIDE, r"\b(?:keep|kept) wanting to die\b", first_person=False),
    _r(
        SUICIDE,
        r"\b(?:wish|wished) (?:i|i'd) (?:was|were|had been) (?:dead|never born)\b|\bwish i had never been born\b",
    ),
    _r(
        SUICIDE,
        r"\b(?:want|wants|wanted|rather|relief|better) (?:to )?be dead\b|\bto be dead\b|\brather be dead\b",
        first_person=False,
    ),
    _r(
        SUICIDE,
        r"\bbetter off (?:dead|without me|if i (?:was|were|wasn't|weren't) (?:dead|gone|here|around))\b",
    ),
    _r(
        SUICIDE,
        r"\b(?:don't|do not|didn't) want to (?:live|be alive|exist|wake up|be here)\b",
        negated=True,
    ),
    _r(
        SUICIDE,
        r"\b(?:no|not any) (?:reason|point) (?:to|in|of) (?:keep going|go on|going on|live|living|being alive|life)\b",
        negated=True,
    ),
    _r(
        SUICIDE,
        r"\b(?:what's|whats|what is) the point (?:of|in) (?:being alive|living|life|going on)\b",
    ),
    _r(SUICIDE, r"\blife (?:isn't|is not|ain't) worth (?:living|it)\b", negated=True),
    _r(SUICIDE, r"\b(?:never|not) (?:to )?wake up\b", negated=True),
    _r(SUICIDE, r"\bsleep forever\b"),
    _r(
        SUICIDE,
        r"\b(?:end|ending) (?:it all|things|everything)\b(?! with)|\b(?:want|going|decided|deciding|ready|plan|planning|how) to end it\b(?! with)",
    ),
    _r(SUICIDE, r"\b(?:it all|everything) to (?:end|stop)\b(?! well)"),
    _r(SUICIDE, r"\bdisappear (?:for good|forever)\b"),
    _r(SUICIDE, r"\b(?:stop|stopped) existing\b|\b(?:didn't|did not|don't) exist\b", negated=True),
    _r(
        SUICIDE,
        r"\b(?:done with|had enough of) (?:life|living|being alive|it all)\b|\bwant out of life\b",
    ),
    _r(
        SUICIDE,
        r"\b(?:won't|will not|not going to) be (?:around|here) (?:much longer|for long|anymore)\b",
        negated=True,
    ),
    _r(
        SUICIDE,
        r"\bmy last (?:entry|check-?in|message|post|note)\b|\bgoodbye (?:everyone|world|all)\b",
    ),
    _r(
        SUICIDE,
        r"\b(?:goodbye|suicide) (?:letters?|notes?)\b|\bnote for my (?:family|kids|children|parents|partner|wife|husband)\b",
    ),
    _r(
        SUICIDE,
        r"\b(?:after|when|once) i'm gone\b|\b(?:imagin|plann|pictur)\w* my (?:own )?(?:funeral|death)\b",
    ),
    _r(
        SUICIDE,
        r"\bthink(?:ing)? (?:about|of) (?:dying|death|suicide|ending it|killing myself|ending my life)\b|\bthoughts of (?:dying|death|suicide|killing myself|ending it)\b",
        first_person=False,
    ),
    _r(SUICIDE, r"\bnobody would (?:even )?(?:notice|care) if i (?:died|was gone|killed myself)\b"),
    _r(
        SUICIDE,
        r"\b(?:point|reason) (?:in|of|to) (?:living|being alive|life|going on|keep going)\b",
        first_person=False,
    ),
    _r(SUICIDE, r"\bnothing (?:left )?to live for\b|\bno (?:reason|will) to live\b", negated=True),
    _r(
        SUICIDE, r"\bwish i (?:wasn't|weren't|was not|were not) (?:alive|here|born)\b", negated=True
    ),
    _r(
        SUICIDE,
        r"\b(?:can't|cannot|don't|do not) see (?:the|any) point (?:in|of) (?:living|life|being alive|going on)\b",
        negated=True,
    ),
    _r(
        SUICIDE,
        r"\bif i (?:died|was dead|were dead|didn't wake up)\b.{0,40}\b(?:relief|better|easier|fine|care)\b",
    ),
    # --- plan and means ----------------------------------------------------------------
    _r(
        SUICIDE,
        r"\b(?:know|decided|worked out) (?:exactly )?(?:when|how) i(?:'ll|'d| will| would| am going to|'m going to) do it\b",
    ),
    _r(SUICIDE, r"\b(?:ways|how) to die\b|\bhow many (?:pills|tablets)\b"),
    _r(
        SUICIDE,
        r"\b(?:saved|saving|stockpil\w*|hoard\w*) (?:up )?(?:my |the |all my )?(?:pills|tablets|meds|medication)\b|\b(?:pills|tablets) (?:saved|right here)\b",
    ),
    _r(
        SUICIDE,
        r"\b(?:collect\w*|gather\w*|holding|counting|hiding) (?:up )?(?:the |my |all my |some )?(?:pills|tablets|meds|medication)\b",
    ),
    _r(SUICIDE, r"\blooked up (?:the )?(?:tallest|highest) (?:bridge|building|cliff)\b"),
    _r(
        SUICIDE,
        r"\b(?:too many|all (?:my|the)|a handful of|a whole (?:bottle|packet) of) (?:pills|tablets|meds)\b|\bswallowed (?:everything|all)\b",
    ),
    _r(
        SUICIDE,
        r"\boverdos\w*\b(?! on (?:coffee|caffeine|sugar|chocolate|tv|cake|sweets|candy|news|netflix))",
        first_person=False,
    ),
    _r(SUICIDE, r"\bbought a rope\b(?! for)|\ba rope (?:to|for myself)\b"),
    _r(
        SUICIDE,
        r"\bjump\w* (?:off|from) (?:the |a |my )?(?:bridge|roof|building|cliff|balcony|ledge|tower|car park)\b|\bjump\w* in front of\b|\bthinking about jumping\b|\bready to jump\b(?! into| in)",
    ),
    _r(SUICIDE, r"\b(?:standing|sitting|i'm|i am) (?:on|at) the (?:edge|ledge|roof)\b"),
    _r(
        SUICIDE, r"\bdriv\w* (?:my car )?into (?:a |the )?(?:wall|tree|river|traffic|lorry|truck)\b"
    ),
    _r(SUICIDE, r"\b(?:use|using) (?:it|the gun|a gun|the knife|a knife|them) on myself\b"),
    _r(SUICIDE, r"\bknife to my (?:wrist|throat|arm|neck)\b"),
    _r(SUICIDE, r"\b(?:tried|try|trying|attempted) to (?:kill myself|end my life|end it)\b"),
    # --- self-harm ---------------------------------------------------------------------
    _r(
        SELF_HARM,
        r"\bself[- ]?harm\w*\b(?! (?:awareness|warning|prevention|signs|training))",
        first_person=False,
    ),
    _r(
        SELF_HARM,
        r"\b(?:cut|cutting|burn|burned|burnt|burning|hurt|hurting|harm|harming|hit|hitting|scratch|scratched|scratching) myself\b(?! (?:some slack|shaving|while|by accident|accidentally|cooking|chopping|on (?!purpose)|at the|playing|running|lifting|laughing|opening|off|falling|tripping|slipping|skiing|cycling|climbing|dancing|doing|training|moving|carrying|with a|with the))",
    ),
    _r(SELF_HARM, r"\b(?:cut|cutting) again\b|\bstarted cutting\b"),
    _r(
        SELF_HARM,
        r"\b(?:cut|cutting|burn\w*|scratch\w*|hit|hitting|bang\w*|hurt) (?:my|myself)\b(?: \w+){0,6} on purpose\b",
    ),
    _r(
        SELF_HARM,
        r"\b(?:until|till) (?:it|they) bled\b.*\bon purpose\b|\bon purpose\b.*\b(?:cut|burn|scratch|hurt)",
    ),
    # --- abuse and danger at home ---------------------------------------------------------
    _r(DANGER, rf"\b{_ABUSER}\b(?:\W+\w+){{0,6}}?\W+{_HARMS_ME} me\b"),
    _r(
        DANGER,
        r"\b(?:says|said|keeps saying|told me) (?:he|she|they)(?:'ll| will|'s going to| is going to) (?:kill|hurt) me\b",
    ),
    _r(DANGER, r"\bthreaten\w* to (?:kill|hurt|harm) (?:me|my|the|our)\b"),
    _r(
        DANGER,
        r"\bkill me if i (?:ever )?(?:leave|left|go|tell|try)\b|\bthreaten\w* to (?:kill|hurt) me\b",
    ),
    _r(
        DANGER,
        r"\b(?:afraid|scared|terrified|frightened)\b.{0,30}\b(?:going to|gonna|will|'ll) (?:kill|hurt) me\b",
    ),
    _r(
        DANGER,
        r"\b(?:he|she|they)(?:'ll| will| would|'d) (?:hurt|harm|kill|take) (?:the|my|our) (?:kids|children|baby|son|daughter|dog|cat)\b",
    ),
    _r(
        DANGER,
        r"\b(?:not|don't feel|do not feel|never feel) safe (?:at home|in my (?:own )?(?:house|home|flat|room))\b",
        negated=True,
    ),
    _r(DANGER, r"\bunsafe (?:at home|in my (?:own )?(?:house|home|flat))\b"),
    _r(DANGER, r"\b(?:afraid|scared|terrified) (?:to go home|for my life)\b"),
    _r(DANGER, rf"\b(?:afraid|scared|terrified|frightened) of my {_ABUSER}\b"),
    _r(DANGER, r"\bi(?:'m| am| was|'ve been| have been) (?:being )?(?:abused|raped|assaulted)\b"),
    _r(DANGER, rf"\b{_ABUSER}(?:\W+\w+){{0,3}}?\W+(?:gets|is getting|got) violent\b"),
    _r(DANGER, rf"\b{_ABUSER}\b(?:\W+\w+){{0,3}}?\W+(?:smashing|breaking|throwing) things\b"),
    _r(DANGER, rf"\b{_ABUSER} (?:is|'s) outside my (?:house|door|flat|home|window)\b"),
    _r(DANGER, r"\bhiding (?:in the \w+|from (?:him|her|them))\b"),
    _r(DANGER, r"\bbruises from\b"),
)

# Cues that negate what follows them in the same clause ("I'm not going to hurt myself").
_NEGATION = re.compile(
    r"\b(?:not|never|no|zero|no longer|nothing|don't|didn't|doesn't|won't|wouldn't|"
    r"haven't|hasn't|isn't|aren't|wasn't|can't|cannot|couldn't|shouldn't|dont|didnt|wont|cant)\b"
)
_DOUBLE_NEGATIVE = re.compile(
    r"\b(?:can't|cannot|couldn't|cant) stop\b|\bno one would\b|\bnobody would\b"
)
# Cues that put a sentence in the writer's distant past ("years ago", "used to").
_DISTANT_PAST = re.compile(
    r"\bused to\b|\byears? ago\b|\blong (?:time )?ago\b|\bwhen i was (?:a |\d|young|at|in|little|younger|small|growing)|"
    r"\bas a (?:teenager|teen|kid|child|student)\b|\bback (?:then|in|at|when)\b|\bin my (?:teens|twenties|thirties|forties|youth|childhood)\b|"
    r"\blast year\b|\byears? since\b|\bmonths since\b|"
    r"\bthere was a time\b|\bthe time (?:i|when)\b|\bthat time is over\b|\bchildhood\b|"
    r"\b(?:haven't|hasn't|have not) \w+(?:[- ]\w+)? (?:in|for) (?:years|months|\w+ (?:years|months))\b|"
    r"\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|twenty) (?:years?|months?) "
    r"(?:on|later|ago|free|clean|since|after|without)\b|\b(?:free|clean) (?:of|from)\b|"
    r"\bmy old\b|\banniversary\b|\bsurviv(?:ed|or)\b|\b(?:19|20)\d\d\b"  # a year ("in 2015", "since 2019")
)
# ...unless the sentence says it is back ("two years clean and now I want to ...").
_BACK_AGAIN = re.compile(
    r"\b(?:and|but) now\b|\bagain\b|\b(?:is|are|it's|they're) back\b|\bcame back\b|"
    r"\bcoming back\b|\breturned\b|\btonight\b|\bthis week\b"
)
_THIRD_PERSON = re.compile(
    r"\b(?:he|she|they|he's|she's|they're|they've|his|her|their|him|them|someone|somebody|who|"
    r"friend|friend's|sister|brother|mum|mom|dad|son|daughter|cousin|colleague|client|partner's|"
    r"character|narrator|host|man|woman|people|teacher|neighbour|neighbor|flatmate|poem|song|"
    r"book|film|movie|article|documentary|podcast|lyrics)\b"
)
_I = r"i|i'm|im|i've|ive|i'd|i'll|me|myself"
_FIRST_PERSON = re.compile(rf"\b(?:{_I})\b")
_OWN = re.compile(rf"\b(?:{_I}|my|mine)\b")  # the writer, or what is theirs
# Words that set a sentence in work, study, the media or someone else's life: a topic word
# after them ("suicide", "overdose", "self-harm") is the writer's own only if they say so
# ("I", "my") before it or in it.
_CONTEXT = re.compile(
    r"\b(?:patients?|clients?|callers?|service users?|ward|shift|a&e|er|clinic|gp|nurse|doctor|"
    r"paramedic|therapist|counsell?or|psychiatrist|lecture|module|essay|exam|students?|study|"
    r"research|researchers?|protocol|training|course|seminar|conference|safeguarding|"
    r"statistics|stats|epidemiology|headline|news|show|drama|series|episode|netflix|memoir|"
    r"novel|chapter|radio|play|theatre|documentary|podcast|article|book|film|movie|song|"
    r"lyrics|poem|character|story|history|diary|awareness|charity|campaign|helpline|hotline|"
    r"scene|scenario|slides|lesson|school|pupils?|uni|project|data|posts|messages|content|"
    r"pathway|assessments?|nhs|trust|crew|group|bereavement|presentations|case|cases)\b"
)
_REPORTED_QUESTION = re.compile(
    r"\basked(?: me)? (?:if|whether)(?: i| i'd| i'm| i've| i had| i was)?$"
)
# A question put to the writer earlier in the sentence ("the nurse asked if I'd had any
# thoughts of suicide"), unless they answer yes.
_ASKED = re.compile(r"\b(?:asked|asks|asking)(?: me| myself)? (?:if|whether|about)\b")
_YES = re.compile(r"\b(?:yes|yeah|yep|i do|i have|i am|i did)\b")
_QUOTE = re.compile(r'"([^"]*)"')
_FIRST_PERSON_FRAME = re.compile(
    r"\b(?:i|i'm|i've|i keep|i kept)\s+(?:\w+\s+){0,2}?(?:think|thinking|thought|told|tell|said|say|wrote|write|whisper\w*|feel|felt|scream\w*)\b[^\"]*$"
)
_SENTENCES = re.compile(r"[.!?;\n]+")
_CLAUSES = re.compile(r",|:|\s(?:but|and|because|so|though|although|if|while)\s")
_SLANG = {
    "dont": "don't",
    "didnt": "didn't",
    "cant": "can't",
    "wont": "won't",
    "im": "i'm",
    "ive": "i've",
    "wanna": "want to",
    "gonna": "going to",
    "ppl": "people",
    "u": "you",
}


def _normalise(text: str) -> str:
    t = text.lower()
    t = (
        t.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    t = re.sub(r"\b(" + "|".join(_SLANG) + r")\b", lambda m: _SLANG[m.group(1)], t)
    return re.sub(r"[ \t]+", " ", t)


def _drop_others_quotes(text: str) -> str:
    """Remove quoted words unless the writer frames them as their own ("I keep thinking '...'")."""

    def keep_or_drop(m: re.Match[str]) -> str:
        before = text[: m.start()]
        sentence_start = max(
            before.rfind("."), before.rfind("!"), before.rfind("?"), before.rfind("\n")
        )
        lead = before[sentence_start + 1 :]
        if lead.strip() and _FIRST_PERSON_FRAME.search(lead):
            return f". {m.group(1)} ."
        return " . "

    return _QUOTE.sub(keep_or_drop, text)


def _whose(before: str) -> str:
    """'self' or 'other': who the nearest subject before a phrase is (diary default: self)."""
    last_first = max((m.end() for m in _FIRST_PERSON.finditer(before)), default=-1)
    last_third = max((m.end() for m in _THIRD_PERSON.finditer(before)), default=-1)
    return "other" if last_third > last_first else "self"


def _negated_inside(matched: str) -> bool:
    return bool(matched) and bool(_NEGATION.search(_DOUBLE_NEGATIVE.sub(" ", matched)))


def _negated(before: str) -> bool:
    window = " ".join(_DOUBLE_NEGATIVE.sub(" ", before).split()[-6:])
    return bool(_NEGATION.search(window))


def _clause_start(sentence: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (negation and subject look back no further)."""
    start = 0
    for m in _CLAUSES.finditer(sentence, 0, pos):
        start = m.end()
    return start


def _sentence_hits(sentence: str) -> set[tuple[str, bool]]:
    """(kind, explicit) of each rule that holds in ``sentence``; explicit: the phrase says it
    is the writer's ("kill myself", "I overdosed"), not a topic word alone ("overdoses")."""
    kinds: set[tuple[str, bool]] = set()
    for rule in _RULES:
        for m in rule.pattern.finditer(sentence):
            start = _clause_start(sentence, m.start())
            before = sentence[start : m.start()]
            lead = sentence[: m.start()].rstrip()
            if _REPORTED_QUESTION.search(lead) or (
                _ASKED.search(lead) and not _YES.search(sentence[m.end() :])
            ):
                # "asked if I wanted to die": a question put to the writer, not a statement.
                continue
            # Abuse rules start at the person ("he has never hit me"): look inside the match too.
            inside = m.group(0) if rule.kind == DANGER else ""
            if not rule.inherent_negation and (_negated(before) or _negated_inside(inside)):
                continue
            if not rule.first_person and _whose(before) == "other":
                continue
            if (
                not rule.first_person
                and _CONTEXT.search(lead)
                and not _OWN.search(sentence[: m.end()])
            ):
                continue
            explicit = rule.first_person or bool(_OWN.search(before + m.group(0)))
            kinds.add((rule.kind, explicit))
    return kinds


_ORDER = (SUICIDE, SELF_HARM, DANGER)
# No training note is shorter than three words, so on one or two words ("calm", "fine")
# the learned layer is outside what it has seen: it may then say "unsure" (and only where
# it would otherwise flag), never "flagged"; a rule hit still raises it one tier.
MIN_WORDS_TO_FLAG = 3


def rule_hits(text: str) -> tuple[tuple[str, ...], bool]:
    """The kinds of crisis language the transparent rules find in ``text`` (English), and
    whether any hit is an explicit phrase of the writer's own rather than a topic word."""
    if not text or not text.strip():
        return (), False
    norm = _drop_others_quotes(_normalise(text))
    found: set[tuple[str, bool]] = set()
    for sentence in _SENTENCES.split(norm):
        if not sentence.strip():
            continue
        hits = _sentence_hits(sentence)
        if hits and _DISTANT_PAST.search(sentence) and not _BACK_AGAIN.search(sentence):
            continue
        found |= hits
    kinds = {kind for kind, _ in found}
    return tuple(k for k in _ORDER if k in kinds), any(explicit for _, explicit in found)


def rule_kinds(text: str) -> tuple[str, ...]:
    """The kinds of crisis language the transparent rules find in ``text`` (English)."""
    return rule_hits(text)[0]


def detect_rules(text: str) -> Detection:
    """The rules alone (for comparison; ``detect`` is what the product uses)."""
    kinds = rule_kinds(text)
    return Detection(bool(kinds), kinds)


# Used only when the learned layer cannot load: any of these words gets help.
_RISKY = (
    (SUICIDE, re.compile(
        r"\b(?:die|dying|dead|death|suicid\w*|kill\w*|end (?:it|my)|gone|goodbye|pills?|"
        r"overdos\w*|tablets|rope|bridge|jump\w*|hang\w*|unalive|kms|kys|ctb|sewer ?slide|"
        r"live|living|alive|exist\w*|disappear\w*|point)\b")),
    (SELF_HARM, re.compile(
        r"\b(?:cut\w*|burn\w*|blades?|razors?|scratch\w*|harm\w*|hurt\w*|sh|bleed\w*|bled)\b")),
    (DANGER, re.compile(
        r"\b(?:hit\w*|beat\w*|abus\w*|scared|afraid|threat\w*|unsafe|hid(?:e|ing)|locked|"
        r"choke\w*|bruis\w*|violent|control\w*)\b")),
)  # fmt: skip


def _generous(text: str) -> tuple[str, ...]:
    low = text.lower()
    return tuple(kind for kind, pattern in _RISKY if pattern.search(low))


def detect(text: str) -> Detection:
    """Look for crisis language in ``text``; never raises, never logs or stores the text."""
    try:
        return _combined(text)
    except Exception:  # a bug here must never hide help: fall back to the rules, generously
        try:
            kinds = rule_kinds(text) or _generous(text)
        except Exception:
            kinds = (SUICIDE,)
        return Detection(bool(kinds), kinds)


def _combined(text: str) -> Detection:
    if not text or not text.strip():
        return Detection(False)
    from ebbtide.safety.learned import model

    kinds, explicit = rule_hits(text)
    m = model()
    if m is None:
        kinds = kinds or _generous(text)
        return Detection(bool(kinds), kinds)
    score = m.score(text)
    level = tier(
        score.probability,
        bool(kinds),
        len(text.split()),
        m.flag_threshold,
        m.unsure_threshold,
        m.rule_veto,
        explicit=explicit,
    )
    if level == FLAGGED:
        return Detection(True, kinds or (score.kind,))
    return Detection(False, (), unsure=level == UNSURE)


NOTHING, UNSURE, FLAGGED = 0, 1, 2


def tier(
    probability: float,
    ruled: bool,
    words: int,
    flag: float,
    unsure: float,
    veto: float = 0.0,
    *,
    explicit: bool = True,
) -> int:
    """NOTHING, UNSURE or FLAGGED for a note, from the learned probability and a rule hit
    (``explicit``: by a phrase that says it is the writer's own, not by a topic word)."""
    level = FLAGGED if probability >= flag else UNSURE if probability >= unsure else NOTHING
    if words < MIN_WORDS_TO_FLAG:
        # One or two words: gentle help only when the model would give the full help.
        level = UNSURE if probability >= flag else NOTHING
    # A rule hit raises the note one tier: an explicit phrase gets help, and gets the full
    # form unless the learned layer is all but sure it is an idiom, a quote or the past. A
    # topic word alone ("overdose", "suicide") is set aside below ``veto``, where the learned
    # layer is surer still (the training script picks it so that almost no crisis note it did
    # not see scores that low); an explicit phrase ("kill myself") never is.
    return min(FLAGGED, level + (ruled and (explicit or probability >= veto)))
