"""Realistic scraped pages written for these tests (invented articles, real page clutter)."""

from __future__ import annotations

MYELOMA_CONTENT = (
    "Researchers at the University of Oslo said on Tuesday that a CAR-T therapy slowed multiple "
    "myeloma in 40 of 52 patients in a two-year trial.",
    "The CAR-T therapy, which reprograms a patient's own immune cells, was compared with "
    "standard care, Dr. Nilsen said.",
    '"It is encouraging," she added. "But it is early, and multiple myeloma often returns."',
    "Multiple myeloma is a cancer of plasma cells in the bone marrow; about 35,000 people in the "
    "U.S. are diagnosed with it each year.",
    "The team plans a larger CAR-T therapy trial in 2025 across 12 hospitals in Norway and Sweden.",
)

MYELOMA_TITLE = "Scientists find new treatment for multiple myeloma"

MYELOMA_TEXT = "\n".join(
    [
        MYELOMA_TITLE,
        MYELOMA_TITLE,
        "Home | News | Health | Science",
        "By Jane Doe",
        "Published 3 hours ago, 12 May 2023",
        "Share on Facebook",
        "Tweet",
        "Email",
        *MYELOMA_CONTENT[:3],
        "Advertisement",
        *MYELOMA_CONTENT[3:],
        "This article is for informational purposes only and is not a substitute for "
        "professional medical advice.",
        "By using our site, you agree to our Terms of Use and Privacy Policy.",
        "© Copyright 2023 Health Daily Ltd. All rights reserved.",
        "#MultipleMyeloma #CancerResearch #Oslo",
    ]
)

HARBOUR_CONTENT = (
    "The city council of Bergen voted on Monday to close the old harbour to cruise ships from "
    "2027, ending a decade of debate over pollution in the historic port.",
    "Ships will instead dock at a new terminal at Dokken, 2.5 km from the centre, which the "
    "council says can supply shore power to every berth.",
    "Harbour traders fear losing customers. Mayor Ingrid Vik said the council would fund "
    "shuttle buses for the first three years.",
)

HARBOUR_HTML = f"""<!doctype html>
<html lang="en"><head>
<meta charset="utf-8"><title>Bergen closes old harbour to cruise ships | Coast News</title>
<meta property="og:title" content="Bergen closes old harbour to cruise ships">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<form><input name="q" placeholder="Search"></form></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<main><article>
<h1>Bergen closes old harbour to cruise ships</h1>
<p class="byline">By Ola Nordmann</p>
<div class="share"><a>Share on Facebook</a> <a>Share on X</a> <a>Email</a></div>
<p>{HARBOUR_CONTENT[0]}</p>
<p>{HARBOUR_CONTENT[1]}</p>
<aside><h3>Related stories</h3><ul><li><a href="/a">Cruise traffic doubles</a></li></ul></aside>
<p>{HARBOUR_CONTENT[2]}</p>
<p>#Bergen #CruiseShips #ShorePower</p>
</article></main>
<footer><p>By using our site, you agree to our Terms of Service.</p>
<p>© Copyright 2023 Coast News AS. All rights reserved.</p></footer>
</body></html>"""

MARKDOWN_POST = """# Our lab joins the **Open Genome** project

![team photo](team.jpg)

We are proud to announce that the [Nilsen Lab](https://example.org/lab) has joined the Open
Genome project, which shares sequencing data from 40 countries.

> "Open data makes science faster," said *Prof. Kari Nilsen*.

- Data will be released every month.
- All tools are open source.

#OpenScience #Genomics
"""
