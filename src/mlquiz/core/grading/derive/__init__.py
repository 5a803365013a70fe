"""Key points derived from a card's answer, for decks imported from elsewhere.

An imported card has a question and a reference answer but no key points.
This package cuts the answer into the ideas it lists and gives each idea the
wordings the grader should accept, so an imported deck grades reasonably with
no hand editing and is easy to refine by hand:

- The answer is read clean (`clean.py`: no HTML, Markdown emphasis, links,
  images, URLs, LaTeX or list numbers), without the lines many answers of
  the deck repeat; a fenced code block is read as the names it calls
  (`code.py`: "Pattern.begin", "followedBy", a query's "GROUP BY"; no line
  of punctuation, no literal), which become one list point (all of a
  short list, half of a long one; the names the question asks about in
  words essential, the rest optional), each said typed or in words
  ("followed by": the deck's glossary). Its core (the
  first sentence, one per question the card asks, a bare "No!" with the
  sentence after it, a list it announces) gives
  the essential points; later sentences only optional ones, but for the
  first idea of the sentence that answers the second of two things the
  question asks about: the first that opens with its word, where no core
  sentence names it ("What is bagging and how does it differ from
  boosting?": "Boosting fits ..."; "What is dropout and batch
  normalization?": "Batch normalization is ..."). A line break
  inside a sentence (Markdown wraps at any width: the next line goes on in
  lower case) is a space. An answer that opens with list lines of short items
  is all core; one whose lines are statements (notes under a topic heading)
  is answered by its first statement, the other notes optional.
- Labeled sections (`sections.py`): a short capitalised label and a colon
  that opens a sentence in many of the deck's answers ("KEYWORDS:", "USE
  WHEN:", "TRADE-OFF:", "Note:") is the deck's own; what follows it is
  elaboration (optional), the label no word of any point. When most answers
  have one, the text before a card's first label is its whole answer: all
  core. Middle dots between items ("Users · groups · roles") are commas.
- A frame is never the answer (`framing.py`): "It refers to the situation
  where ...", "It is a concept in machine learning", "Occurs when ...", "a
  machine learning technique that ..." say what kind of thing it is, not
  what it is. A framing piece beside the defining one is optional, a framing
  (or class-only: "It is a type of regularization for RNNs.") core sentence
  hands the core to the next, frame words are left out of a point's wording,
  and a single sentence before the list a list or "how" question asks for
  is that list's lead-in. A long core requires at most six points.
- The answer is cut into pieces at sentence ends, semicolons, commas and
  list "and"s, and before words that open a new idea ("so", "when",
  "where", ...). Steps joined by arrows ("train -> log -> register") become
  an ordered card, one point per step.
- A piece's role comes from the word that opens it: examples ("e.g.",
  "such as", "like", a parenthesis) and details ("using", "often",
  "without") are optional points; contrasts ("rather than", "instead of")
  are dropped, since a learner may well mention them to reject them.
- Each point gets the piece's content words in order, with `...` gaps (its
  core, without generic verbs), and a few pairs of neighbouring content
  words, the rarest first. An answer earns the point only by saying one of
  these: the grader then reads "correct" only when every essential idea is
  said in at least two words that belong together.
- One word alone says a point only when that word is the idea: the piece's
  only word of its own (a list item such as "Archived"), or a rare, specific
  term of a short piece ("broadcasting models" -> "broadcasting"), judged by
  how few of the deck's answers use it and by its length or its written form
  (UDF, MLflow). Never an everyday English word ("time": wordfreq, Zipf
  frequency 5 or more), a word common to many answers, a word of the
  question (the grader demotes those), or a word another point of the card
  also uses. A piece that is one everyday word beside longer ones ("Instead",
  "in the course") is filler, no point.
- A negated clause keeps its negation in every phrase; a long one also
  gets pairs of its words away from the negator and the word it negates,
  so a learner can say the rest of the idea.
- A list in the core ("A, B, C and D" when the question asks for several
  things, "A and B" when it asks for two or in the plural, the lines after
  "... are:", or an answer that is only list lines) becomes one point any k
  of whose items say it (`need`); numbers of a list written on one line
  ("1. A, 2. B") are not items; a word every item repeats that says nothing
  of its own (a hyphenated "-based", a word of the question) is left out of
  the items. A bare yes or no becomes a point of its own; "No, because X"
  gives an optional reply point and answers a "...? Why?" question in one
  sentence.
- Pieces a core sentence denies before it asserts ("Not the CEO - it was an
  engineer") are a contrast, not the answer; "X (or Y)" offers Y as another
  wording of a one-idea answer.
- The other single words become the card's `vague` wordings: an answer that
  says nothing else but one of them is worth "partial", never "correct".
- Phrases that `mlquiz deck check` would warn about (one word many answers
  use, only the question's words) are left out, but a point's last phrase
  and the steps of an ordered card are kept.
- "Unity Catalog (UC)" puts `uc = "unity catalog"` into the glossary, in an
  answer or in a card's question (a glossary deck titles its cards "true
  positive (TP)", "Rectified Linear Unit (ReLU)"), and a few everyday
  shorthands (params, config, prod, ...) are added when the deck uses the
  word they stand for.

Only deck-independent rules live here: nothing may be tuned to one deck,
and no deck's domain knowledge (its synonyms, its jargon) applies to another.
The general-English layer is word frequencies (`wordfreq`) and the
grader's inflections (stems).

Modules: `clean.py` (the answer without its markup, and lines a deck
repeats), `code.py` (a fenced code block as the names it calls),
`general.py` (how common a word is in English), `words.py` (how a word of
an answer is read: the grader's folding and stems, `core/text.py`),
`sections.py` (a deck's section labels), `ideas.py` (cutting an answer
into ideas: its core and its elaboration), `second_thing.py` (the sentence
that answers the second thing a question asks about),
`framing.py` (what only frames a definition), `lines.py` (list lines: which
announces a list, which is an item),
`list_answers.py` (which ideas are a list's items, and how many are needed),
`points.py` (each idea's phrases, lists as "any k of n";
`derive_deck_points`).
"""
