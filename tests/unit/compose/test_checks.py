"""The postability checks of issue 8, one rule at a time, on pages written to look scraped."""

from __future__ import annotations

import pytest

from socialpub.compose.checks import (
    RULES,
    ArticleFacts,
    Image,
    PostFacts,
    check,
    first_real_sentence,
    lead_carries_news,
    post_facts,
    quotes_balanced,
    split_sentences,
)
from socialpub.compose.limits import Counting, PlatformLimits

X = PlatformLimits("x", 280, Counting.TWITTER, url_length=23, threads=True, max_thread_parts=10)
BLUESKY = PlatformLimits(
    "bluesky", 300, Counting.GRAPHEMES, max_bytes=3000, threads=True, max_thread_parts=10
)
MASTODON = PlatformLimits("mastodon", 500, url_length=23, threads=True, max_thread_parts=10)
LINKEDIN = PlatformLimits("linkedin", 3000, Counting.UTF16)
LINK = "https://www.example-hospital.nhs.uk/news/2024/03/first-car-t-patient"

HOSPITAL_TITLE = "Hospital gives first CAR-T therapy to a lymphoma patient"
HOSPITAL_LEAD = (
    "Doctors at St Mary's Hospital have treated their first patient with CAR-T cell therapy, "
    "a one-off infusion that reprograms a patient's own immune cells to attack lymphoma."
)
HOSPITAL_TEXT = "\n".join(
    [
        HOSPITAL_LEAD,
        "The patient, a 58-year-old teacher from Leeds, received the treatment on 4 March and "
        "is recovering well, the trust said.",
        "Lymphoma is a cancer of the lymphatic system. About 14,000 people in the UK are "
        "diagnosed with non-Hodgkin lymphoma each year.",
        "What happens next",
        '"This is a milestone for our patients," said Dr. Priya Shah, consultant haematologist. '
        '"Until now they had to travel to London for it."',
        "The hospital expects to treat up to 40 patients a year.",
    ]
)
HOSPITAL = ArticleFacts(HOSPITAL_TEXT, HOSPITAL_TITLE, "en", lead=HOSPITAL_LEAD)


def codes(article: ArticleFacts, post: PostFacts) -> list[str]:
    return [w.code for w in check(article, post)]


def single(text: str, limits: PlatformLimits = X, **kwargs: object) -> PostFacts:
    return post_facts([f"{text}\n\n{LINK}\n\n#CART #Lymphoma"], limits, link=LINK, **kwargs)  # type: ignore[arg-type]


def test_a_lead_first_post_of_article_sentences_is_postable_on_every_platform() -> None:
    second = "The hospital expects to treat up to 40 patients a year."
    for limits in (X, BLUESKY, MASTODON, LINKEDIN):
        text = HOSPITAL_LEAD if limits is not LINKEDIN else f"{HOSPITAL_LEAD} {second}"
        link = LINK if limits is not BLUESKY else "example-hospital.nhs.uk/news/2024/03/fir…"
        post = post_facts([f"{text}\n\n{link}\n\n#CART #Lymphoma"], limits, link=LINK)
        assert check(HOSPITAL, post) == [], limits.platform


def test_every_warning_names_its_rule_and_speaks_plainly() -> None:
    warnings = check(HOSPITAL, single("It is recovering well. Photo: AP"))
    assert warnings
    for warning in warnings:
        assert RULES[warning.code][0] == warning.rule
        assert warning.message and "\n" not in warning.message


# Rule 1: text from the article body only


def test_text_not_in_the_article_is_flagged_but_whitespace_and_quotes_do_not_matter() -> None:
    reworded = single("Doctors at St Mary's gave their first CAR-T infusion this week.")
    assert "not-in-article" in codes(HOSPITAL, reworded)
    respaced = single(HOSPITAL_LEAD.replace("'", "’").replace(" ", "  ", 3))
    assert "not-in-article" not in codes(HOSPITAL, respaced)


def test_a_person_the_summary_named_in_full_is_still_the_articles_text() -> None:
    text = "\n".join(
        [
            "Ewald Ferlemann aus Dortmund kümmert sich seit Jahren um verletzte Vögel.",
            "Der 67-Jährige betreibt eine Auffangstation für Wildvögel.",
        ]
    )
    article = ArticleFacts(text, "Auffangstation für Wildvögel", "de")
    named = "Der 67-jährige Ewald Ferlemann betreibt eine Auffangstation für Wildvögel."
    assert "not-in-article" not in codes(article, single(named))
    invented = "Der 67-jährige Klaus Berger betreibt eine Auffangstation für Wildvögel."
    assert "not-in-article" in codes(article, single(invented))  # a name the article lacks


def test_a_sentence_shortened_with_an_ellipsis_is_matched_as_its_beginning() -> None:
    cut = "Doctors at St Mary's Hospital have treated their first patient with CAR-T cell…"
    assert "not-in-article" not in codes(HOSPITAL, single(cut))


def test_inline_hashtags_still_count_as_the_article_words() -> None:
    post = post_facts(
        ["The hospital expects to treat up to 40 #patients a year.\n\n" + LINK], X, link=LINK
    )
    assert "not-in-article" not in codes(HOSPITAL, post)


@pytest.mark.parametrize(
    "sentence",
    [
        "Flood water covers the main road into Dhaka on Monday. Photo: AP",
        "A farmer checks his dried-out maize field (Credit: Hannah Lee / Grist).",
        "By Aaron Humes: The government has approved a new minimum wage.",
        "WASHINGTON (Reuters) - The Senate passed the bill on Tuesday.",
        "Posted: Thursday, 12 March 2024, 09:14 GMT.",
        "Read more: How CAR-T therapy works.",
        "We use cookies to give you the best experience on our website.",
        "Sign up for our newsletter to get the latest news.",
        "Share this article on Facebook.",
        "Was this page helpful?",
        "© 2024 Leeds Teaching Hospitals NHS Trust. All rights reserved.",
        "Skip to main content.",
        "Hello {{ user.first_name }}, your draft was saved.",
        "Lesen Sie auch: Die neue Regierung im Überblick.",
        "Lire aussi : la réforme des retraites adoptée.",
        "Tous droits réservés.",
    ],
)
def test_boilerplate_is_flagged_even_when_the_extraction_kept_it(sentence: str) -> None:
    article = ArticleFacts(f"{HOSPITAL_TEXT}\n{sentence}", HOSPITAL_TITLE, "en")
    assert "boilerplate" in codes(article, single(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "By Monday, the council had approved the plan.",
        "The band's photo shoot was cancelled because of the storm.",
        "The court ruled that the copyright on the song had expired in 2019.",
        "US President Joe Biden signed the bill on Friday.",
    ],
)
def test_ordinary_news_sentences_are_not_boilerplate(sentence: str) -> None:
    article = ArticleFacts(sentence, "", "en")
    assert "boilerplate" not in codes(article, single(sentence))


# Rule 2: no heading glued to a sentence


def test_the_title_glued_to_the_lead_is_flagged() -> None:
    title = "Coronavirus: New York ramps up mass burials amid outbreak"
    body = "Officials in New York are hiring labourers to bury the dead on Hart Island."
    article = ArticleFacts(body, title, "en")
    assert "glued-heading" in codes(article, single(f"{title} {body}"))
    assert "glued-heading" not in codes(article, single(body))


def test_a_heading_line_of_the_article_glued_to_the_next_paragraph_is_flagged() -> None:
    glued = 'What happens next "This is a milestone for our patients," said Dr. Priya Shah.'
    assert "glued-heading" in codes(HOSPITAL, single(glued))


def test_a_sentence_case_headline_glued_without_the_title_is_caught_by_its_capital() -> None:
    text = "Hospital wins national award for maternity care The trust said waits fell by half."
    article = ArticleFacts(text, "", "en")
    assert "glued-heading" in codes(article, single(text))


def test_names_of_newspapers_inside_a_sentence_are_not_headings() -> None:
    text = "The minister told The Guardian that talks would resume in June."
    assert "glued-heading" not in codes(ArticleFacts(text, "", "en"), single(text))


def test_a_glued_french_heading_is_flagged() -> None:
    text = "Une journée historique pour le climat Les députés ont adopté la loi mardi."
    assert "glued-heading" in codes(ArticleFacts(text, "", "fr"), single(text))


# Rule 3: no dangling opener, in each supported language

DANGLING = {
    "en": "However, the trust said the waiting list had grown to 400 patients.",
    "de": "Außerdem soll die Bahn bis 2030 rund 40 Milliarden Euro in das Netz investieren.",
    "fr": "Cependant, le gouvernement a refusé de commenter la décision du tribunal.",
    "es": "Sin embargo, el Gobierno no ha confirmado la fecha de las elecciones.",
    "it": "Tuttavia il sindaco ha annunciato che i lavori riprenderanno a settembre.",
    "pt": "No entanto, o ministério ainda não divulgou o número de vítimas.",
    "nl": "Daarom wil het kabinet de huren vanaf volgend jaar bevriezen.",
    "zh": "但是，该计划仍需国务院批准后才能实施。",
    "ja": "しかし、同社は来年から値上げを実施する方針だ。",
    "ko": "그러나 정부는 아직 구체적인 일정을 발표하지 않았다.",
}
STANDALONE = {
    "en": "The NHS trust said on Tuesday that its waiting list had grown to 400 patients.",
    "de": "Die Deutsche Bahn will bis 2030 rund 40 Milliarden Euro in ihr Netz investieren.",
    "fr": "Le gouvernement français a refusé mardi de commenter la décision du tribunal.",
    "es": "El Gobierno español no ha confirmado todavía la fecha de las elecciones.",
    "it": "Il sindaco di Milano ha annunciato che i lavori riprenderanno a settembre.",
    "pt": "O Ministério da Saúde ainda não divulgou o número de vítimas.",
    "nl": "Het kabinet wil de huren in de vrije sector vanaf volgend jaar bevriezen.",
    "zh": "国家发展改革委周二表示，该计划仍需国务院批准后才能实施。",
    "ja": "トヨタ自動車は来年から国内で値上げを実施する方針だ。",
    "ko": "정부는 새 주택 정책의 구체적인 일정을 아직 발표하지 않았다.",
}


@pytest.mark.parametrize("language", sorted(DANGLING))
def test_a_dangling_opener_is_flagged_in_each_language(language: str) -> None:
    dangling, standalone = DANGLING[language], STANDALONE[language]
    article = ArticleFacts(f"{standalone}\n{dangling}", "", language)
    assert "dangling-opener" in codes(article, single(dangling))
    assert "dangling-opener" not in codes(article, single(standalone))


def test_a_demonstrative_with_a_time_word_is_news_not_a_reference_back() -> None:
    text = "This week the council approved a new cycle lane on Park Road."
    assert "dangling-opener" not in codes(ArticleFacts(text, "", "en"), single(text))
    text_de = "Diese Woche hat der Stadtrat einen neuen Radweg beschlossen."
    assert "dangling-opener" not in codes(ArticleFacts(text_de, "", "de"), single(text_de))


def test_without_a_language_the_script_decides() -> None:
    article = ArticleFacts(DANGLING["ja"], "", None)
    assert "dangling-opener" in codes(article, single(DANGLING["ja"]))


# Rule 4: quotations stay whole


@pytest.mark.parametrize(
    "text",
    [
        '"This is a milestone," said Dr. Shah.',
        "“This is a milestone,” said Dr. Shah.",
        "« C'est une étape importante », a déclaré le ministre.",
        "„Das ist ein Meilenstein“, sagte die Ärztin.",
        "»Das ist ein Meilenstein«, sagte die Ärztin.",
        "医生说：「这是一个里程碑。」",
        "The patient's family thanked the team.",
    ],
)
def test_balanced_quotes_in_every_style(text: str) -> None:
    assert quotes_balanced(text)


@pytest.mark.parametrize(
    "text",
    [
        'Until now they had to travel to London for it."',
        "“This is a milestone for our patients,” said Dr. Shah. “Until now they had",
        "„Das ist ein Meilenstein, sagte die Ärztin.",
        "医生说：「这是一个里程碑。",
    ],
)
def test_a_quotation_cut_in_half_is_flagged(text: str) -> None:
    assert not quotes_balanced(text)
    assert "unbalanced-quotes" in codes(ArticleFacts(text, "", None), single(text))


# Rule 5: no sentence twice


def test_a_repeated_sentence_is_flagged() -> None:
    twice = f"{HOSPITAL_LEAD} {HOSPITAL_LEAD}"
    assert "repeated-sentence" in codes(HOSPITAL, single(twice, LINKEDIN))
    assert "repeated-sentence" not in codes(HOSPITAL, single(HOSPITAL_LEAD, LINKEDIN))


# Rule 6: threads split between sentences, and only when needed


def test_a_thread_part_ending_mid_sentence_is_flagged() -> None:
    long_link = "https://www.example.ac.uk/news/" + "x" * 120
    parts = [
        f"Thousands of academic staff at British universities are being treated as 1/2\n\n"
        f"{long_link}",
        "second-class citizens, the union said. 2/2",
    ]
    article = ArticleFacts(
        "Thousands of academic staff at British universities are being treated as "
        "second-class citizens, the union said.",
        "",
        "en",
    )
    warnings = check(article, post_facts(parts, BLUESKY, link=long_link))
    split = [w for w in warnings if w.code == "mid-sentence-split"]
    assert [w.part for w in split] == [0]
    assert "long-link-shown" in [w.code for w in warnings]


def test_a_word_cut_before_the_ellipsis_is_flagged() -> None:
    post = single("Doctors at St Mary's Hospital have treated their first pat…")
    assert "mid-sentence-split" in codes(HOSPITAL, post)
    whole_word = single("Doctors at St Mary's Hospital have treated their first patient…")
    assert "mid-sentence-split" not in codes(HOSPITAL, whole_word)


def test_a_two_sentence_summary_made_a_thread_where_one_sentence_fits_is_flagged() -> None:
    second = "The hospital expects to treat up to 40 patients a year."
    parts = [f"{HOSPITAL_LEAD} 1/2\n\n{LINK}\n\n#CART", f"{second} 2/2"]
    assert "needless-thread" in codes(HOSPITAL, post_facts(parts, X, link=LINK))
    asked = post_facts(parts, X, link=LINK, full_thread=True)
    assert "needless-thread" not in codes(HOSPITAL, asked)


# Rule 7: news first


def test_the_lead_must_open_the_summary() -> None:
    background = (
        "Lymphoma is a cancer of the lymphatic system. About 14,000 people in the UK are "
        "diagnosed with non-Hodgkin lymphoma each year."
    )
    assert "lead-missing" in codes(HOSPITAL, single(background))
    assert "lead-missing" not in codes(HOSPITAL, single(HOSPITAL_LEAD))


def test_a_scene_setting_lead_may_give_way_to_the_headlines_news() -> None:
    scene = "In Hamburg kommt man aktuell kaum an dem Thema vorbei."
    news = (
        "Bei mehreren Prestigeprojekten ruhen die Arbeiten, weil Baufirmen von der Signa des "
        "Investors Rene Benko nicht bezahlt werden."
    )
    other = "Die Baustellen in der Hafencity sind seit Wochen verwaist und niemand arbeitet dort."
    text = "\n".join([scene, news, other])
    article = ArticleFacts(text, "Rene Benko-Firma Signa in Sorge", "de", lead=scene)
    assert "lead-missing" not in codes(article, single(news))
    assert "lead-missing" in codes(article, single(other))  # shares nothing with the headline
    titled = ArticleFacts(text, "Hamburg: Signa in Sorge", "de", lead=scene)
    assert "lead-missing" in codes(titled, single(news))  # a lead that names the headline's news


def test_a_lead_that_is_a_quote_or_a_question_or_a_dateline_is_not_required() -> None:
    assert not lead_carries_news('"We are delighted," said the chief executive.')
    assert not lead_carries_news("Is this the end of the office as we know it?")
    assert not lead_carries_news("LONDON (Reuters) -")
    assert lead_carries_news("LONDON (Reuters) - Britain's economy grew by 0.3% in May.")
    assert not lead_carries_news("Frankfurt/Main (dpa) -")  # a city in any case, its agency
    assert not lead_carries_news("SEOUL, Aug. 20 (Yonhap) --")


def test_the_first_real_sentence_skips_headings_and_labels() -> None:
    teaser = "Related: The trust opened a new maternity ward in Leeds after two years of work..."
    text = f"Health news\nBy Jane Doe\nShort.\n{teaser}\n{HOSPITAL_TEXT}"
    assert first_real_sentence(text) == HOSPITAL_LEAD
    assert first_real_sentence(
        "北京\n国家发展改革委周二表示，该计划仍需国务院批准。其他内容。"
    ) == ("国家发展改革委周二表示，该计划仍需国务院批准。")


# Rules 8-10: the link on Bluesky, the limits, the room


def test_a_part_over_the_platform_count_is_flagged_with_counted_lengths_too() -> None:
    over = PostFacts("x", (HOSPITAL_LEAD,), limit=100, lengths=(171,))
    assert [w.code for w in check(HOSPITAL, over)] == ["over-limit"]
    counted = post_facts([HOSPITAL_LEAD * 2], X)
    assert "over-limit" in codes(HOSPITAL, counted)


def test_a_long_link_in_full_on_bluesky_is_flagged_but_not_on_mastodon() -> None:
    tracking = LINK + "?utm_source=newsletter&utm_medium=email&utm_campaign=march-2024"
    text = f"{HOSPITAL_LEAD}\n\n{tracking}"
    assert "long-link-shown" in codes(HOSPITAL, post_facts([text], BLUESKY, link=tracking))
    assert "long-link-shown" not in codes(HOSPITAL, post_facts([text], MASTODON, link=tracking))


def test_each_platform_uses_its_room() -> None:
    three = " ".join(split_sentences(HOSPITAL_TEXT.replace("What happens next\n", ""))[:3])
    assert "room" in codes(HOSPITAL, single(three, PlatformLimits("x", 10_000)))
    assert "room" not in codes(HOSPITAL, single(three, LINKEDIN))
    only_link = post_facts([f"{LINK}\n\n#CART"], X, link=LINK)
    assert "room" in codes(HOSPITAL, only_link)


# What people see besides the rules


def test_people_facing_warnings() -> None:
    insecure = "http://example-hospital.nhs.uk/news/first-car-t"
    post = post_facts(
        [f"{HOSPITAL_LEAD}\n\n{insecure}\n\n#CART #Lymphoma #NHS"],
        MASTODON,
        link=insecure,
        hashtags=("CART", "Lymphoma", "NHS"),
        images=(Image("ward.jpg", ""), Image("team.jpg", "The CAR-T team on the ward")),
        hashtag_limit=2,
        typed_hashtags=("firstpatient", "lymphoma", "NHS"),
    )
    warnings = check(HOSPITAL, post)
    found = [w.code for w in warnings]
    assert found.count("no-alt-text") == 1
    assert "insecure-link" in found
    assert "too-many-hashtags" in found
    lower = [w.message for w in warnings if w.code == "lower-case-hashtag"]
    assert lower == ["#firstpatient is hard to read aloud; capitalise each word (#CamelCase)"]


# The splitter the judge uses


def test_the_judge_splits_chinese_and_japanese_at_their_stops_and_keeps_abbreviations() -> None:
    assert split_sentences("北京今天下雨。明天晴！好吗？") == [
        "北京今天下雨。",
        "明天晴！",
        "好吗？",
    ]
    assert split_sentences("東京は雨。大阪は晴れ。") == ["東京は雨。", "大阪は晴れ。"]
    assert split_sentences("Dr. Shah met U.S. officials. They agreed.") == [
        "Dr. Shah met U.S. officials.",
        "They agreed.",
    ]


def test_the_judge_keeps_quotations_german_ordinals_and_footnote_marks_in_mind() -> None:
    quoted = "Dann lesen Sie »Leandra-Lou. Der etwas andere Modeblog«. Es lohnt sich."
    assert split_sentences(quoted, "de") == [
        "Dann lesen Sie »Leandra-Lou. Der etwas andere Modeblog«.",
        "Es lohnt sich.",
    ]
    assert split_sentences("Die Demo findet am 14. September statt. Alle kommen.", "de") == [
        "Die Demo findet am 14. September statt.",
        "Alle kommen.",
    ]
    jubilee = "Sie erscheint zum 100. Geburtstag des Malers. Er starb 2011."
    assert split_sentences(jubilee, "de") == [
        "Sie erscheint zum 100. Geburtstag des Malers.",
        "Er starb 2011.",
    ]
    assert split_sentences("Access is being restored.* This follows a ruling.") == [
        "Access is being restored.*",
        "This follows a ruling.",
    ]


def test_a_sentence_carried_over_two_thread_parts_is_judged_as_one() -> None:
    article = ArticleFacts(
        "Today, on Wikipedia's 19th birthday, the Wikimedia Foundation has received reports "
        "that access to Wikipedia in Turkey is being restored after a block of more than two "
        "and a half years that the Constitutional Court found unconstitutional.",
        "",
        "en",
    )
    parts = [
        "Today, on Wikipedia's 19th birthday, the Wikimedia Foundation has received reports… 1/2",
        "that access to Wikipedia in Turkey is being restored after a block of more than two "
        "and a half years that the Constitutional Court found unconstitutional. 2/2",
    ]
    found = codes(article, post_facts(parts, PlatformLimits("x", 100, threads=True)))
    assert "needless-thread" not in found
    assert "not-in-article" not in found
    assert "room" not in found


def test_a_lead_that_leans_on_earlier_words_is_not_demanded() -> None:
    assert not lead_carries_news("Auch neueste Technik kann den Menschen nicht ersetzen.", "de")
    assert lead_carries_news("Die Bahn erhöht zum 1. Januar die Preise im Fernverkehr.", "de")


def test_a_german_cookie_banner_is_boilerplate() -> None:
    banner = "Auf unserer Website werden Cookies gemäß unserer Datenschutzerklärung verwendet."
    article = ArticleFacts(banner, "", "de")
    assert "boilerplate" in codes(article, single(banner))


def test_a_link_inside_the_text_is_not_taken_for_summary_text() -> None:
    post = post_facts([f"{HOSPITAL_LEAD} Read it at {LINK}"], MASTODON, link=LINK)
    found = [w for w in check(HOSPITAL, post) if w.code == "not-in-article"]
    assert [w.message for w in found] == ["text not in the article: “Read it at”"]


def test_a_paragraph_ending_in_an_emoji_or_a_colon_can_hold_the_lead() -> None:
    blog = (
        "Das Louis Vuitton Missgeschick\n"
        "Zuerst dachte ich, ich könnte das verheimlichen. Nun gut… 😀\n"
        "Wie alle wissen, habe ich mir kürzlich einen Rucksack zugelegt."
    )
    assert first_real_sentence(blog, "de") == "Zuerst dachte ich, ich könnte das verheimlichen."
    walk = "Unlängst spazierte ich durch Eimsbüttel, da baumelte vom Balkon eine Schnur herunter:"
    assert first_real_sentence(f"{walk}\nGut investierte 20 Cent!", "de") == walk
    article = ArticleFacts(blog, "", "de")
    ok = single("Zuerst dachte ich, ich könnte das verheimlichen. Nun gut… 😀")
    assert "mid-sentence-split" not in codes(article, ok)


def test_a_hashtag_after_the_last_stop_does_not_make_the_post_end_mid_sentence() -> None:
    tagged = single(f"{HOSPITAL_LEAD} #CART")
    assert "mid-sentence-split" not in codes(HOSPITAL, tagged)
    cut = single("Doctors at St Mary's Hospital have treated their first patient with #CART")
    assert "mid-sentence-split" in codes(HOSPITAL, cut)
