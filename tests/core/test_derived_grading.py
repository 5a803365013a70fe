"""How answers to imported (derived) cards are graded: the rules of
`grading/derived.py` that decide between correct, partial and incorrect when
nobody wrote the card's key points (issue 19), each on a small deck a user
could import and an answer a learner would type."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.cards import Deck
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader

AGENTS = (
    "Question,Answer\n"
    "Unlike static pipelines agentic systems operate in what?,Loops.\n"
    '"Why is the cost of an agent hard to predict?","Because agents operate in loops, '
    'making the number of model calls unpredictable."\n'
    "What does RAG add to a model?,Retrieval of private documents at answer time.\n"
    "Which layer hosts models as real-time APIs?,The serving layer.\n"
    '"What is a feature store for?","Keeping features consistent between offline '
    'training and online serving."\n'
    "What does observability cover?,Metrics of model quality and data drift in production.\n"
)


def deck_from(tmp_path: Path, text: str, name: str = "deck.csv") -> Deck:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_deck(path).deck


def test_an_answer_in_its_own_cards_words_is_not_another_cards_answer(tmp_path: Path) -> None:
    """The word "loops" is the whole answer of one card and a word of another's: an
    answer to the second that says loops in its reference's sense answers it,
    not the one-word card."""
    deck = deck_from(tmp_path, AGENTS)
    grader = Grader(deck)
    cost = deck.cards[1]
    result = grader.grade(
        cost, "because agents loop, so you can't know in advance how many model calls they'll make"
    )
    assert result.verdict == "correct"
    assert result.confusion is None
    short = grader.grade(cost, "loops")
    assert short.verdict == "partial"
    assert short.confusion is None


FASTAI = (
    "Question,Answer\n"
    '"When is it easier to clean your data, before or after training? Why?",'
    '"After initial training: the predictions of the model help you find the bad data, '
    'a tedious task otherwise."\n'
    '"For NLP, unfreeze many layers at once or gradually, one by one?","Gradual unfreezing '
    'works better."\n'
    "What does a learning rate finder plot?,The loss against increasing learning rates.\n"
    "What is a baseline for?,A simple model to compare your real model against.\n"
)


def test_the_option_a_choice_question_asks_for_is_an_answer(tmp_path: Path) -> None:
    """A question that offers options ("before or after?") is answered by the
    option its reference picks, though the word is the question's: that option
    alone is partial or correct, the other option incorrect."""
    deck = deck_from(tmp_path, FASTAI)
    grader = Grader(deck)
    clean, unfreeze = deck.cards[0], deck.cards[1]
    assert grader.grade(clean, "after").verdict == "partial"
    assert grader.grade(clean, "before").verdict == "incorrect"
    assert grader.grade(unfreeze, "gradually").verdict == "correct"
    assert grader.grade(unfreeze, "all at once, it's faster").verdict == "incorrect"
    for card in deck.cards:
        assert grader.grade(card, card.answer).verdict == "correct"


TENSORS = (
    "Question,Answer\n"
    "How do you reshape tensors in PyTorch?,By using the view method.\n"
    "What does a learning rate finder plot?,The loss against increasing learning rates.\n"
    "What is a baseline for?,A simple model to compare your real model against.\n"
    "What does fine-tuning do?,It trains a pretrained model a little more on your own data.\n"
    "What is a DataLoader?,It feeds the model mini-batches of a dataset in turn.\n"
)


def test_an_everyday_word_that_is_a_cards_own_term_says_it(tmp_path: Path) -> None:
    """The word "view" is everyday English, but in this deck only the reshape card says
    it, in its essential point: the word alone, or in code, is its answer; a
    word of the card's reference no other card tells it by ("model") is not."""
    deck = deck_from(tmp_path, TENSORS)
    grader = Grader(deck)
    reshape, _, baseline, *_ = deck.cards
    assert grader.grade(reshape, "view").verdict == "correct"
    assert grader.grade(reshape, "t.view(2, -1)").verdict == "correct"
    assert grader.grade(baseline, "model").verdict == "incorrect"


HISTORY = (
    "Question,Answer\n"
    '"Are neural networks a recent invention? When was the first model of a neuron made?",'
    '"The model of an artificial neuron was developed in 1943 by Warren McCulloch and '
    'Walter Pitts."\n'
    "What is a perceptron?,A single artificial neuron with a step activation.\n"
    "Who published Perceptrons in 1969?,Marvin Minsky and Seymour Papert.\n"
)


def test_no_answers_a_yes_or_no_question(tmp_path: Path) -> None:
    """The answer "No, 1943, McCulloch and Pitts" answers "Are neural networks recent?":
    the "No" is the learner's answer, not a denial of what the question takes
    as true, though the reference never says no."""
    deck = deck_from(tmp_path, HISTORY)
    grader = Grader(deck)
    neuron = deck.cards[0]
    result = grader.grade(neuron, "No, 1943, McCulloch and Pitts")
    assert result.verdict != "incorrect"
    assert "denies" not in " ".join(result.reasons)


def test_a_question_for_two_things_needs_both(tmp_path: Path) -> None:
    """A question "What are the two ...?" answered "A and B": one of the two is partial,
    both are correct, and import says so with a list point of two."""
    deck = deck_from(
        tmp_path,
        "Question,Answer\n"
        "What are the two architecture patterns used to design AI systems?,"
        "Pipeline-based and Agentic-based AI systems.\n"
        "What does RAG add to a model?,Retrieval of private documents at answer time.\n"
        "Which layer hosts models as real-time APIs?,The serving layer.\n",
    )
    grader = Grader(deck)
    patterns = deck.cards[0]
    [point] = patterns.points
    assert point.need == 2
    assert grader.grade(patterns, "pipelines").verdict == "partial"
    assert grader.grade(patterns, "pipeline based and agentic systems").verdict == "correct"


LOADERS = (
    "Question,Answer\n"
    "What is a stateful RNN?,An RNN that keeps its hidden state across batches.\n"
    "What is a baseline for?,A simple model to compare your real model against.\n"
    "What does fine-tuning do?,It trains a pretrained model a little more on your own data.\n"
    "What is a DataLoader?,It feeds the model mini-batches of a dataset in turn.\n"
    '"What is feedback loop bias?","The more the model is used, the more biased the data '
    'becomes, and the more biased the model gets."\n'
    "How do you reshape tensors in PyTorch?,By using the view method.\n"
)


def test_everyday_words_said_in_passing_tell_no_other_card(tmp_path: Path) -> None:
    """An answer about the DataLoader that says "data", as the feedback-loop
    card's reference does, answers the DataLoader question (a full sentence
    that follows its reference, "It feeds the model mini-batches of a dataset
    in turn": correct); it is not the feedback-loop card's answer."""
    deck = deck_from(tmp_path, LOADERS)
    grader = Grader(deck)
    loader = deck.cards[3]
    result = grader.grade(loader, "it hands batches of the data to the model one after another")
    assert result.verdict == "correct"
    assert result.confusion is None


def test_a_terse_paraphrase_of_a_short_reference_is_correct(tmp_path: Path) -> None:
    """The answer "gives the model batches" says what "It feeds the model mini-batches
    of a dataset in turn" says: correct (the blend's thresholds, as
    recalibrated by bench/calibrate_derived.py)."""
    deck = deck_from(tmp_path, LOADERS)
    grader = Grader(deck)
    assert grader.grade(deck.cards[3], "gives the model batches").verdict == "correct"


ML = (
    "Question,Answer\n"
    '"What is gradient descent?","An optimisation algorithm that repeatedly moves the '
    "parameters a small step size against the gradient of the loss function, until the loss "
    'stops falling."\n'
    '"What is backpropagation?","The algorithm that computes the gradient of the loss with '
    "respect to every weight, by the chain rule, from the output layer back to the input "
    'layer."\n'
    '"What is a learning rate?","The step size a training step takes: too large diverges, '
    'too small is slow."\n'
    '"What is overfitting?","A model that learns the noise of its training data and does '
    'poorly on new data."\n'
)


def test_partial_credit_without_a_ticked_point_names_the_reference_words_said(
    tmp_path: Path,
) -> None:
    """The blend gives a derived card credit for the reference's words: the
    feedback names them, as typed, so "Partial" with no point ticked says why."""
    deck = deck_from(tmp_path, ML)
    grader = Grader(deck)
    result = grader.grade(deck.cards[0], "It REPEATEDLY changes the parameters")
    assert result.verdict == "partial" and not result.found
    assert "From the reference you said: “REPEATEDLY”, “parameters”." in result.reasons
    # Neighbouring words are one phrase, as typed; the question's own words earn
    # nothing and are not named ("gradient" is asked about).
    backprop = grader.grade(deck.cards[1], "it works out each weight's gradient")
    assert backprop.verdict == "partial" and not backprop.found
    assert "From the reference you said: “weight's gradient”." in backprop.reasons
    descent = grader.grade(deck.cards[0], "you follow the gradient downhill with some step size")
    assert "From the reference you said: “step size”." in descent.reasons
    # An answer with none of the reference's words names none.
    nothing = grader.grade(deck.cards[0], "a kind of database index")
    assert not any(r.startswith("From the reference") for r in nothing.reasons)


LISTS = (
    "Question,Answer\n"
    '"What are the three approaches to tokenization?","- word-based\n- subword-based\n'
    '- character-based"\n'
    '"What were the five stages in the evolution of AI systems?","1. LLM, 2. Prompting, '
    '3. RAG, 4. Tool Use, 5. Agents."\n'
    "Which hardware units are primary for training large models?,GPUs and TPUs.\n"
    '"What are the two common problems with data in production?",'
    '"Out of domain data and domain shift."\n'
    "What does RAG add to a model?,Retrieval of private documents at answer time.\n"
    "Which layer hosts models as real-time APIs?,The serving layer.\n"
)


def test_an_answer_that_is_a_bare_list_needs_every_item(tmp_path: Path) -> None:
    """A reference that is only a list of lines ("- word-based" ...) is the answer,
    every line of it: one item is partial, all of them correct, without the
    ending every item repeats ("-based")."""
    deck = deck_from(tmp_path, LISTS)
    grader = Grader(deck)
    tokens = deck.cards[0]
    assert grader.grade(tokens, "word-based").verdict == "partial"
    assert grader.grade(tokens, "word, subword, character").verdict == "correct"


def test_a_list_numbered_on_one_line_is_a_list_not_numbers(tmp_path: Path) -> None:
    """ "1. LLM, 2. Prompting, 3. RAG": the numbers are no points ("2" required
    would be said by no right answer) and three stages of five are partial."""
    deck = deck_from(tmp_path, LISTS)
    grader = Grader(deck)
    stages = deck.cards[1]
    phrases = [p for point in stages.points for p in point.phrases]
    assert not any(p.strip().isdigit() for p in phrases)
    assert grader.grade(stages, "LLM, prompting, RAG, tool use, agents").verdict == "correct"
    assert grader.grade(stages, "LLM -> RAG -> agents").verdict == "partial"


def test_a_plural_question_answered_by_two_things_needs_both(tmp_path: Path) -> None:
    """ "Which hardware units are ...?" answered "GPUs and TPUs": one is partial."""
    deck = deck_from(tmp_path, LISTS)
    grader = Grader(deck)
    hardware = deck.cards[2]
    assert grader.grade(hardware, "GPUs").verdict == "partial"
    assert grader.grade(hardware, "TPUs and GPUs").verdict == "correct"


def test_two_items_sharing_a_word_are_not_both_said_by_one(tmp_path: Path) -> None:
    """ "Out of domain data and domain shift": "domain shift" says one of the two."""
    deck = deck_from(tmp_path, LISTS)
    grader = Grader(deck)
    problems = deck.cards[3]
    assert grader.grade(problems, "domain shift").verdict == "partial"
    assert grader.grade(problems, "out-of-domain data, and domain shift").verdict == "correct"


METRICS = (
    "Question,Answer\n"
    '"true positive (TP)","An example in which the model correctly predicted the positive class."\n'
    '"false positive (FP)","An example the model wrongly predicted as the positive class."\n'
    '"false negative (FN)","An example the model wrongly predicted as the negative class."\n'
    '"precision","A metric for classification models: the frequency with which a model was correct '
    "when predicting the positive class. Precision = (True Positives)/(True Positives + False "
    'Positives)"\n'
    '"recall","A metric for classification models: how many of the actual positives the model '
    'found. Recall = (True Positives)/(True Positives + False Negatives)"\n'
    '"Rectified Linear Unit (ReLU)","An activation function: if input is negative or zero, output '
    'is 0; if input is positive, output is equal to input."\n'
)


def test_a_formula_in_the_decks_own_abbreviations_is_read_by_its_shape(tmp_path: Path) -> None:
    """A glossary deck titles its cards "true positive (TP)": "TP / (TP + FP)" is
    precision's formula, in any order of the sum, while "TP / (TP + FN)", the same
    words in recall's shape, is not."""
    deck = deck_from(tmp_path, METRICS)
    grader = Grader(deck)
    precision = deck.cards[3]
    assert grader.grade(precision, "TP / (TP + FP)").verdict == "correct"
    assert grader.grade(precision, "tp/(fp+tp)").verdict == "correct"
    wrong = grader.grade(precision, "TP / (TP + FN)")
    assert wrong.verdict == "incorrect"
    assert "formula" in " ".join(wrong.reasons)
    assert grader.grade(deck.cards[4], "TP / (TP + FN)").verdict == "correct"
    # Every reference is still its own card's answer.
    assert all(grader.grade(card, card.answer).verdict == "correct" for card in deck.cards)


def test_an_abbreviation_a_card_title_spells_out_reads_as_its_words(tmp_path: Path) -> None:
    """ "Rectified Linear Unit (ReLU)": the deck's answers that say "ReLU" say those words."""
    deck = deck_from(tmp_path, METRICS)
    assert deck.glossary.get("relu") == "rectified linear unit"
    assert deck.glossary.get("tp") == "true positive"


def test_a_question_for_two_factors_is_not_answered_by_one(tmp_path: Path) -> None:
    """ "What are the two factors ...?" - "Frequency of calls and the token price
    of the model assigned to each node": the token price alone is partial."""
    deck = deck_from(
        tmp_path,
        AGENTS + '"What are the two factors that define the economy of an agentic graph?",'
        '"Frequency of calls and the token price of the model assigned to each node."\n',
    )
    grader = Grader(deck)
    economy = deck.cards[-1]
    assert grader.grade(economy, "token price").verdict == "partial"
    assert (
        grader.grade(economy, "the frequency of calls and each node's model token price").verdict
        == "correct"
    )


def test_a_reference_in_the_questions_own_words_is_still_the_answer(tmp_path: Path) -> None:
    """A cloze "... enables machines to learn from data is ___." - "Machine Learning (ML)":
    "machine learning" is the answer though the question says machines and learn;
    "deep learning", one of its words, is not."""
    deck = deck_from(
        tmp_path,
        AGENTS + '"The subset of AI that enables machines to learn from data independently is '
        '_____.","Machine Learning (ML)."\n',
    )
    grader = Grader(deck)
    cloze = deck.cards[-1]
    assert grader.grade(cloze, "machine learning").verdict == "correct"
    assert grader.grade(cloze, "deep learning").verdict == "incorrect"


REPLIES = AGENTS + (
    '"Can you absolutely trust the data you are gathering? Why?","No, because data can contain '
    "errors, some that can be very subtle. That is why you need to work on maintaining and "
    'improving your data."\n'
    '"In the diesel cheating case, who was the first person to end up in prison?","Not a board '
    "member, not the CEO, not the managers who coordinated the efforts - it was an engineer. "
    'They were following orders."\n'
)


def test_a_reply_and_its_reason_in_one_sentence_answer_both_questions(tmp_path: Path) -> None:
    """ "Can you trust ...? Why?" - "No, because data can contain errors, ...": the
    first sentence answers both questions (the next one is elaboration), and a
    bare "no" is part of it."""
    deck = deck_from(tmp_path, REPLIES)
    grader = Grader(deck)
    trust = deck.cards[-2]
    assert grader.grade(trust, "no").verdict == "partial"
    assert grader.grade(trust, "no, it can contain subtle errors").verdict == "correct"


def test_what_a_reference_denies_before_it_answers_is_not_the_answer(tmp_path: Path) -> None:
    """ "Not a board member, not the CEO ... - it was an engineer": the engineer is the answer."""
    deck = deck_from(tmp_path, REPLIES)
    grader = Grader(deck)
    prison = deck.cards[-1]
    assert grader.grade(prison, "an engineer").verdict == "correct"
    assert grader.grade(prison, "the CEO").verdict != "correct"


def test_one_word_of_a_longer_idea_is_part_of_it(tmp_path: Path) -> None:
    """ "improvement" for "New data for retraining to improve the model over time"."""
    deck = deck_from(
        tmp_path,
        AGENTS + '"What do feedback loops provide to the overall AI system?",'
        '"New data for retraining to improve the model over time."\n',
    )
    grader = Grader(deck)
    loops = deck.cards[-1]
    assert grader.grade(loops, "improvement").verdict == "partial"
    assert grader.grade(loops, "new data to retrain and improve the model").verdict == "correct"


def test_what_a_parenthesis_offers_instead_is_the_answer_too(tmp_path: Path) -> None:
    """ "node (or tool)": "tool" answers the cloze as well as "node": one essential
    point says both (not an optional point "or tool" beside it)."""
    deck = deck_from(
        tmp_path,
        AGENTS + '"In modern agentic systems, RAG is often treated as a specialized _____.",'
        '"node (or tool)."\n',
    )
    grader = Grader(deck)
    rag = deck.cards[-1]
    [point] = rag.points
    assert point.required and {"node", "tool"} <= set(point.phrases)
    assert grader.grade(rag, "tool").verdict == "correct"
    assert grader.grade(rag, "a node").verdict == "correct"
    assert grader.grade(rag, "an agent").verdict == "incorrect"


def test_the_editors_live_grade_of_an_edited_imported_card_reads_the_edit(tmp_path: Path) -> None:
    """The card editor grades the last answer against the card as edited, before it
    is saved: a derived card given a new reference must be judged by the new
    reference's words, not by the saved card's (which the grader has seen)."""
    from dataclasses import replace

    deck = deck_from(tmp_path, AGENTS)
    grader = Grader(deck)
    rag = deck.cards[2]
    answer = "it looks up private documents when answering"
    assert grader.grade(rag, answer).verdict == "correct"  # the saved card, seen first
    new_reference = "A vector index of embeddings, searched by similarity, plus a reranker."
    edited = replace(import_deck_card_points(tmp_path, rag.question, new_reference), id=rag.id)
    draft = grader.grade_draft(edited, answer)
    assert draft.verdict == "incorrect"
    said = "a vector index searched by similarity, then a reranker"
    assert grader.grade_draft(edited, said).verdict != "incorrect"
    # The saved card still grades as it did.
    assert grader.grade(rag, answer).verdict == "correct"


def import_deck_card_points(tmp_path: Path, question: str, answer: str):  # type: ignore[no-untyped-def]
    """The card the importer derives from one question and reference."""
    return deck_from(tmp_path, f'Question,Answer\n"{question}","{answer}"\n', "one.csv").cards[0]


BOOSTING = (
    "Question,Answer\n"
    '"What is boosting?","A technique that iteratively combines simple and not very accurate '
    "classifiers into one highly accurate classifier by upweighting the misclassified "
    'examples."\n'
    '"What is bagging?","Training models on random subsets of the training set drawn with '
    'replacement and averaging their predictions."\n'
    '"What is a learning rate?","A scalar that sets the size of each gradient descent step."\n'
    '"What does dropout do?","Removes a random selection of units in a layer for a single '
    'gradient step."\n'
)


def test_a_long_clause_with_a_negation_inside_is_said_without_its_negated_detail(
    tmp_path: Path,
) -> None:
    """A reference clause with "not" deep inside ("combines simple and not very
    accurate classifiers into one ...") is one key point; a learner who says the
    rest of it in the reference's words has said that point, and the checklist
    ticks it (its phrases were only "not accurate" before: nobody types that)."""
    deck = deck_from(tmp_path, BOOSTING)
    grader = Grader(deck)
    boosting = deck.cards[0]
    (point,) = [p for p in boosting.points if p.required]
    result = grader.grade(
        boosting, "it iteratively combines classifiers and upweights the misclassified examples"
    )
    assert result.verdict == "correct"
    assert point.label in result.found
    assert not result.missed
    # Bagging's answer is still not boosting's.
    wrong = grader.grade(boosting, "it averages classifiers trained in parallel")
    assert wrong.verdict == "incorrect"
    assert point.label not in wrong.found


YES_NO = (
    "Question,Answer\n"
    '"Does using a validation set guarantee we will not overfit?","Not at all! Every change '
    "in hyperparameters, every run of training where we use our validation set to verify "
    'results, makes it more plausible that we will overfit to our validation set."\n'
    '"Does adding more trees to a random forest increase the risk of overfitting?","No! That '
    "is the beauty of this algorithm. It is extremely robust to overfitting: beyond a certain "
    'point the gains become very small."\n'
    '"What is a test set?","Data held back until the very end to measure the final model."\n'
)


def test_the_references_own_yes_or_no_with_a_reason_in_its_words_is_correct(
    tmp_path: Path,
) -> None:
    """A yes-or-no card whose reference opens with a bare "No!": the learner's
    "no" is the direct answer, and with a reason in the reference's words it is
    correct, whatever else the long reference says; "no" alone stays partial
    and the opposite reply incorrect."""
    deck = deck_from(tmp_path, YES_NO)
    grader = Grader(deck)
    validation, trees = deck.cards[0], deck.cards[1]
    full = grader.grade(
        validation, "No - tuning hyperparameters against the validation set can overfit to it"
    )
    assert full.verdict == "correct"
    trees_said = grader.grade(trees, "no, more trees don't overfit, the gains just level off")
    assert trees_said.verdict == "correct"
    assert grader.grade(validation, "no").verdict == "partial"
    assert grader.grade(validation, "yes, that's what the validation set is for").verdict == (
        "incorrect"
    )


# A long Markdown-style answer whose first sentence is a preamble: the
# derivation takes it for the core, but a learner rightly skips it.
BOOSTING_LONG = (
    "Question,Answer\n"
    '"Describe how gradient boosting works.","The idea of boosting came out of the question '
    "whether a weak learner can be modified to become better. Gradient boosting builds "
    "regression trees one after another, each tree fit to the residual errors of the ensemble "
    "so far, and sums their predictions. A learning rate shrinks each tree's contribution. "
    "Selecting a prediction for a leaf region is simple: to minimize MSE we select the average "
    "target value over the samples in the leaf. The tree is built greedily starting from the "
    "root: for each leaf a split is selected to minimize MSE for this step. Shallow trees of "
    "depth three to eight are typical, and the number of trees is tuned on a validation set. "
    "Subsampling rows for each tree adds randomness and often helps, as in stochastic gradient "
    "boosting. XGBoost and LightGBM implement the same idea with second-order gradients and "
    "histogram binning. Early stopping watches validation deviance and halts once it plateaus. "
    "Monotone constraints, categorical encodings and missing-value routing are common "
    "extensions. CatBoost uses ordered target statistics against prediction shift. Feature "
    'importance comes from accumulated split gain, permutation tests or SHAP attributions."\n'
    '"What is bagging?","Training models on random subsets of the training set drawn with '
    'replacement and averaging their predictions."\n'
    '"What is a learning rate?","A scalar that sets the size of each gradient descent step."\n'
    '"What does dropout do?","Removes a random selection of units in a layer for a single '
    'gradient step."\n'
)


def test_an_answer_that_says_much_of_a_long_reference_in_its_words_is_correct(
    tmp_path: Path,
) -> None:
    """Five or more of the words that tell a long reference apart, and mostly
    those: the reference said in substance, correct though its preamble (the
    first sentence, taken for the core) is not said. Another card's idea in a
    few of the same words is not."""
    deck = deck_from(tmp_path, BOOSTING_LONG)
    grader = Grader(deck)
    boosting = deck.cards[0]
    said = grader.grade(
        boosting,
        "sequentially adds shallow trees, every one trained on the residual errors left by the "
        "previous ones, then the outputs are summed",
    )
    assert said.verdict == "correct"
    # The feedback names the rule that passed it, its checklist not all ticked.
    assert said.reasons[0] == (
        "Says much of what sets the reference answer apart, though not every key point in full."
    )
    bagging = grader.grade(
        boosting, "it trains trees in parallel on random subsets and averages their predictions"
    )
    assert bagging.verdict == "incorrect"


CONTRASTS = (
    "Question,Answer\n"
    '"L1 vs L2 regularization","L2 (Ridge) adds the sum of the squared weights to the loss, '
    'while L1 (Lasso) adds the sum of their absolute values and can drive weights to zero."\n'
    '"Stemming and lemmatization","Stemming is a crude heuristic that chops off the ends of '
    "words. Lemmatization uses a vocabulary and morphological analysis to return the "
    'dictionary form."\n'
    '"What is dropout?","Randomly removing units of a layer for one gradient step."\n'
    '"What is a learning rate?","A scalar that sets the size of each gradient descent step."\n'
)


def test_an_answer_that_swaps_the_terms_a_question_contrasts_is_incorrect(
    tmp_path: Path,
) -> None:
    """ "L1 vs L2": the reference says ridge and squares of L2, lasso and
    absolute values of L1. An answer with the terms swapped says every word of
    the reference; it is wrong, and the feedback says what it swapped. The same
    words said of the right terms are not taken for a swap."""
    deck = deck_from(tmp_path, CONTRASTS)
    grader = Grader(deck)
    norms, stems = deck.cards[0], deck.cards[1]
    swapped = grader.grade(norms, "L1 is ridge and L2 is lasso")
    assert swapped.verdict == "incorrect"
    assert swapped.reasons == ("That swaps what the reference says of “L1” and “L2”.",)
    right = grader.grade(
        norms, "L1 (lasso) adds absolute values of the weights, L2 (ridge) squares"
    )
    assert right.verdict == "correct"
    mixed = grader.grade(
        stems, "lemmatization chops the ends off words, stemming uses a dictionary"
    )
    assert mixed.verdict == "incorrect"
    assert grader.grade(stems, "stemming chops off word endings crudely").verdict != "incorrect"


MIXTURES = (
    "Question,Answer\n"
    '"What is a Gaussian mixture model?","A probabilistic clustering model that fits a mixture '
    "of Gaussian distributions with the EM algorithm, giving each point soft cluster "
    'assignments."\n'
    '"What is k-means?","Clustering that assigns each point to its nearest centroid and moves '
    'the centroids to the mean of their points."\n'
    '"What is a learning rate?","A scalar that sets the size of each gradient descent step."\n'
)


def test_a_list_of_the_references_terms_is_never_correct(tmp_path: Path) -> None:
    """Terms of the reference strung together, no statement, say none of how
    they relate: never correct on an imported card, however many are the
    reference's; the same terms in a sentence are."""
    deck = deck_from(tmp_path, MIXTURES)
    grader = Grader(deck)
    gmm = deck.cards[0]
    salad = grader.grade(gmm, "soft cluster assignments em algorithm gaussian distributions")
    assert salad.verdict == "partial"
    sentence = grader.grade(gmm, "clustering with soft assignments fitted by the EM algorithm")
    assert sentence.verdict == "correct"


# Notes on a topic, as GitHub READMEs write them: a heading's answer is a list
# of statements, each wrapped over lines at some width.
NOTES = (
    "Question,Answer\n"
    '"Naive Bayes","* Naive Bayes is a supervised learning algorithm based on applying Bayes\' '
    "theorem\n"
    "* It is called naive because it builds the naive assumption that each feature\n"
    "is independent of each other given the class\n"
    "* NB can make different assumptions about the data distributions, such as Gaussian,\n"
    "Multinomial or Bernoulli\n"
    '* NB can be extremely fast compared to more sophisticated methods"\n'
    '"Stacking","* Instead of hard voting to aggregate the predictions of individual learners,\n'
    "train a model to perform this aggregation\n"
    "* First split the training set into two subsets: the first subset is used to train\n"
    'the learners in the first layer"\n'
    '"Model pipeline steps","* collect data\n* clean data\n* train model\n* deploy model"\n'
)


def test_a_topics_notes_are_answered_by_their_first_statement(tmp_path: Path) -> None:
    """A list of statements under a topic heading is notes on it, not a list
    the learner must recite: its first statement is the answer, the rest
    optional, and a line wrapped inside a statement belongs to it (the point
    is "each feature is independent ...", not "each feature"). A list of short
    items is still all of the answer."""
    deck = deck_from(tmp_path, NOTES)
    grader = Grader(deck)
    bayes, stacking, steps = deck.cards
    assert [p.label for p in bayes.points if p.required] == [
        "Naive Bayes is a supervised learning algorithm …"
    ]
    assert any(p.label.startswith("each feature is independent") for p in bayes.points)
    said = grader.grade(bayes, "a supervised learning algorithm that applies Bayes theorem")
    assert said.verdict == "correct"
    assert said.reasons[0] == "Says the heart of the reference answer."
    assert [p.label for p in stacking.points if not p.required] == [
        "First split the training set into two …"
    ]
    assert [p.need for p in steps.points] == [4]
    assert grader.grade(steps, "collect data, train model").verdict == "partial"
    assert grader.grade(steps, "collect data, clean it, train and deploy the model").verdict == (
        "correct"
    )


def _big_deck(first: tuple[str, str]) -> str:
    """A CSV deck of `first` and 24 cards about other topics (a deck large
    enough that one card's own words are told from words cards share)."""
    topics = [
        ("dropout", "Randomly removes units of a layer for one gradient step."),
        ("a learning rate", "A scalar that sets the size of each gradient descent step."),
        ("an epoch", "One full pass over the whole training set."),
        ("a batch", "The set of examples used in one training iteration."),
        ("overfitting", "A model that fits the training data so closely it fails on new data."),
        ("a feature", "An input variable the model uses to predict."),
        ("a label", "The answer the model learns to predict."),
        ("precision", "The share of predicted positives that are truly positive."),
        ("recall", "The share of actual positives that the model finds."),
        ("a test set", "Data held back to measure the final model once."),
        ("bagging", "Training models on bootstrap samples and averaging their predictions."),
        ("boosting", "Training weak models one after another on the errors of the last."),
        ("a decision tree", "A model that splits the data by thresholds on features."),
        ("an embedding", "A dense vector that represents a categorical value."),
        ("softmax", "A function that turns scores into probabilities that sum to one."),
        ("a loss", "A number that says how wrong the model's predictions are."),
        ("regularization", "A penalty on model complexity that limits overfitting."),
        ("a hyperparameter", "A setting chosen before training, not learned."),
        ("normalization", "Scaling features to a common range."),
        ("a confusion matrix", "A table of predicted against actual classes."),
        ("gradient descent", "Moving the weights against the gradient of the loss."),
        ("a baseline", "A simple model to compare a real model against."),
        ("an autoencoder", "A network that learns to reconstruct its input through a bottleneck."),
        ("clustering", "Grouping unlabeled examples by similarity."),
    ]
    rows = [first] + [(f"What is {name}?", answer) for name, answer in topics]
    return "Question,Answer\n" + "".join(f'"{q}","{a}"\n' for q, a in rows)


def test_a_word_only_its_own_card_uses_makes_an_answer_partial(tmp_path: Path) -> None:
    """In a deck of many cards, an answer that says a word of a long reference
    no other card uses ("nearest" for KNN) is on the card's topic: partial,
    not incorrect, though that one word weighs little in so long a reference;
    an answer with no word of the reference stays incorrect."""
    knn = (
        "KNN",
        "Given a data point, we compute the K nearest data points using a distance metric "
        "and take the majority label of those neighbors. For regression we take the mean of "
        "their values instead. There is no training step: all the work happens at inference "
        "time, which makes prediction slow on large datasets. The choice of K trades bias "
        "against variance: a small K follows noise, a large K smooths the boundary. Features "
        "must be scaled, since the Euclidean distance is dominated by the widest ranges. "
        "Approximate indexes such as KD-trees, ball trees or HNSW graphs speed up the search "
        "in high dimensions.",
    )
    deck = deck_from(tmp_path, _big_deck(knn))
    grader = Grader(deck)
    card = deck.cards[0]
    assert grader.grade(card, "it looks at the nearest ones to decide").verdict == "partial"
    assert grader.grade(card, "it looks at the data to decide").verdict == "incorrect"
