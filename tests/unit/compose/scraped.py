"""Pages written for these tests to look like real scraped ones: a hospital's news page with its
site around it, a German university press release, a French and a Chinese news page, and a
Markdown post with a "related news" list (invented stories, real page clutter)."""

from __future__ import annotations

HOSPITAL_LEAD = (
    "Northmoor General Hospital has become the first hospital in the region to treat a patient "
    "with CAR-T cell therapy, a treatment that reprograms a patient's own immune cells."
)
HOSPITAL_HTML = f"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>First CAR-T therapy patient treated at Northmoor | Northmoor NHS Trust</title>
<meta property="og:site_name" content="Northmoor NHS Trust">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About us</a>
<a href="/contact">Contact</a></nav>
<div class="cookie">We use cookies to make this site work. <button>Accept all cookies</button></div>
</header>
<main><article>
<p class="section">News</p>
<h1>First CAR-T therapy patient treated at Northmoor</h1>
<p class="meta">Posted: Thursday, 21 April 2026. 10:11am</p>
<figure><img src="ward.jpg" alt="The ward"><figcaption>The haematology ward at Northmoor
General Hospital. Photo: Jane Smith / Northmoor NHS Trust</figcaption></figure>
<p>{HOSPITAL_LEAD}</p>
<p>The patient, a 58-year-old man from Whitby with lymphoma, received the therapy on the
haematology ward on 12 April and is recovering well, the trust said.</p>
<p>“This is a landmark for our patients. Until now they had to travel to London for this
treatment,” said Dr Priya Shah, consultant haematologist.</p>
<p>However, the therapy is only offered to patients whose cancer has returned after at least
two other treatments.</p>
<p>Lymphoma is a cancer of the lymphatic system. About 14,000 people in the UK are diagnosed
with non-Hodgkin lymphoma each year.</p>
<p>The trust expects to treat up to 20 patients a year with CAR-T therapy at Northmoor.</p>
<h2>Related news</h2>
<ul><li><a href="/n/1">New cancer centre opens in Scarborough</a></li>
<li><a href="/n/2">Hospital wins national award for maternity care</a></li></ul>
<p>Share this article</p>
<p>Was this page helpful? Yes No</p>
</article></main>
<footer><p>© 2026 Northmoor NHS Trust. All rights reserved.</p>
<p>Sign up for our newsletter</p></footer>
</body></html>"""

GERMAN_LEAD = (
    "Die Universität Leipzig hat am Montag ein neues Zentrum für Klimaforschung eröffnet, in "
    "dem künftig 40 Forschende die Folgen von Hitzewellen für Städte untersuchen."
)
GERMAN_HTML = f"""<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Neues Zentrum für Klimaforschung eröffnet | Universität Leipzig</title></head><body>
<nav><a href="/">Startseite</a> <a href="/presse">Presse</a></nav>
<article><h1>Neues Zentrum für Klimaforschung eröffnet</h1>
<p>Pressemitteilung 2026/112 vom 30. November 2026</p>
<p>{GERMAN_LEAD}</p>
<p>Das Zentrum wird vom Freistaat Sachsen mit 12 Millionen Euro gefördert.</p>
<p>„Wir wollen wissen, wie Städte am 3. August eines heißen Sommers funktionieren“, sagte die
Direktorin, Prof. Dr. Anna Weber.</p>
<p>Dabei arbeiten die Forschenden eng mit der Stadt Leipzig zusammen.</p>
<p>Außerdem soll ein Netzwerk mit Dresden und Chemnitz entstehen, das Daten über Hitze und
Gesundheit teilt.</p>
<h2>Weitere Meldungen</h2><ul><li><a href="/a">Neue Mensa öffnet</a></li></ul>
<p>Diesen Artikel teilen</p>
</article></body></html>"""

FRENCH_LEAD = (
    "L'hôpital universitaire de Lyon a inauguré lundi un nouveau service d'urgences pédiatriques "
    "qui pourra accueillir 60 000 enfants par an."
)
FRENCH_HTML = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Lyon : un nouveau service d'urgences pédiatriques - Hospices Civils</title></head><body>
<article><h1>Lyon : un nouveau service d'urgences pédiatriques</h1>
<p>Publié le 30 novembre 2026</p>
<p>{FRENCH_LEAD}</p>
<p>Cependant, les syndicats s'inquiètent du manque de personnel dans le nouveau service.</p>
<p>Le chantier a coûté 25 millions d'euros, financés par l'État et la région.</p>
<p>« C'est une journée historique pour les familles », a déclaré la directrice.</p>
<p>À lire aussi</p><p>Un nouveau scanner à Villeurbanne</p>
</article></body></html>"""

CHINESE_LEAD = "北京协和医院今天宣布，医院成功为一名患者完成了国内首例机器人辅助肝脏移植手术。"
CHINESE_HTML = f"""<!doctype html><html lang="zh-CN"><head><meta charset="gb2312">
<title>协和医院完成首例机器人肝移植_新闻中心</title></head><body>
<article><h1>协和医院完成首例机器人肝移植</h1>
<p>发布时间：2026-11-30</p>
<p>{CHINESE_LEAD}患者目前恢复良好，预计下周出院。</p>
<p>但是，专家表示，这项技术还需要更多临床数据。</p>
<p>据介绍，医院计划明年再完成二十例同类手术。</p>
</article></body></html>"""

MARKDOWN_WITH_RELATED = """# Library opens a reading room for patients

The Royal Infirmary opened a reading room for long-stay patients on Friday, with 3,000 books
donated by local schools.

Volunteers will bring a book trolley to every ward twice a week, the infirmary said.

## Related news

- [New car park opens at the Royal Infirmary](https://example.org/a)
- [Hospital radio celebrates 50 years](https://example.org/b)
"""
