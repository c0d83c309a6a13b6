"""Vocabulary of site chrome: the labels, buttons and notices that a page dump carries
around its article, and the function words that tell prose from chrome.

Data only (word lists and regexes), shared by the dump segmenter's modules. The lists are
generic web vocabulary (what any news or blog template prints), not any one site's strings.
"""
from __future__ import annotations

import re

# Function words of a few languages. Prose is dense in them, menus and
# headlines are not (jusText's stopword-density idea). English is the largest list; the
# others are short lists of the most frequent function words so that French, German,
# Spanish, Italian, Portuguese, Dutch, Russian and Indonesian articles are not taken for
# chrome. Scripts written without spaces (CJK) are judged by their sentence punctuation.
STOPWORDS_EN = frozenset("""
a about above after again against all also although am among an and another any are as at
be because been before being below between both but by can could did do does doing down
during each either even ever every few for from further had has have having he her here
hers herself him himself his how however i if in into is it its itself just least less
many may me might more most much must my myself neither no nor not now of off often on
once one only or other others our ours ourselves out over own per perhaps rather same
several shall she should since so some such than that the their theirs them themselves
then there these they this those though through thus to too toward towards under until
up upon us very was we were what whatever when where whether which while who whom whose
why will with within without would yet you your yours yourself yourselves
""".split())

STOPWORDS_OTHER = frozenset("""
le la les un une des du de et est en dans pour que qui sur par pas au aux ce cette il elle
ils sont avec plus ne se son sa ses leur été être a ont mais ou comme nous vous
der die das und ist ein eine einen dem den des nicht mit sich auf für von zu im auch es
sie er wird werden wurde hat haben bei aus nach noch wie als oder aber an dass um
el los las y es por con para una lo se del al su sus más pero como ha fue ser está son
il lo gli di che è per con non una sono della nel alla dei delle anche come ma si ha
o os as um uma com não mais foi ao pelo pela são também seu sua
het een van en is dat op te voor zijn met niet aan er ook als bij door maar om dan
da do dos das na no nos nas em e que para por se uma um os as ao à é mais como mas
foi tem ser isso ele ela eles seu sua são já quando muito também pelo pela entre sobre
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или
ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут
где есть надо ней для мы тебя их чем была сам чтобы без будто чего раз тоже себе под
это этого этой эти при
yang dan di ke dari ini itu untuk dengan dalam tidak akan pada juga ada kita kami
mereka saya atau sudah bisa oleh karena seperti jika lebih telah hanya secara
""".split())

STOPWORDS = STOPWORDS_EN | STOPWORDS_OTHER

_LABEL_WORDS = r"""
home|homepage|news|latest|latest news|breaking news|top stories|top news|menu|main menu|
navigation|toggle navigation|search|search for|close|open|skip to content|
skip to main content|skip to navigation|jump to|back to top|return to top|scroll to top|
top|next|previous|prev|next article|previous article|next post|previous post|older|newer|
more|more news|more stories|read more|see more|show more|load more|view more|view all|
see all|continue reading|keep reading|read full story|full story|click here|
advertisement|advertising|advertise|ad|ads|sponsored|sponsored content|promoted|partner content|
editor'?s choice|editor'?s picks|editors choice|popular|most popular|most read|most viewed|
most shared|most commented|trending|trending now|related|related articles|related stories|
related posts|related news|related content|related coverage|related topics|
you may also like|you might also like|recommended|recommended for you|
recommended stories|more from|more in|read next|up next|what to read next|don'?t miss|
share|share this|share this article|share this story|share this post|share this page|
share this entry|share on facebook|share on twitter|share on linkedin|share by mail|tweet|
email|e-mail|print|print this|print article|save|save article|bookmark|copy link|
comments|comment|view comments|show comments|leave a comment|leave a reply|post a comment|
add a comment|join the discussion|reply|report|like|follow|follow us|follow us on|
subscribe|subscribe now|sign in|sign up|log in|login|logout|log out|register|my account|
account|profile|newsletter|newsletters|sign up for our newsletter|get the newsletter|
facebook|twitter|linkedin|whatsapp|pinterest|reddit|instagram|youtube|tumblr|telegram|
flipboard|messenger|rss|feed|podcast|podcasts|video|videos|photos|gallery|photo gallery|
tags|tag|topics|categories|category|filed under|archives|archive|sections|section|
about|about us|contact|contact us|careers|jobs|privacy|privacy policy|privacy notice|
cookie policy|cookies|cookie settings|terms|terms of use|terms of service|terms and conditions|
sitemap|site map|help|faq|accessibility|legal|imprint|impressum|disclaimer|
all rights reserved|opinion|world|politics|business|sport|sports|tech|technology|science|
health|culture|lifestyle|entertainment|travel|weather|economy|markets|local|national|
international|europe|asia|africa|americas|middle east|features|analysis|blogs|blog|
columns|magazine|events|shop|store|deals|games|puzzles|crosswords|horoscope|obituaries|
language|english|edition|international edition|change edition|listen|watch|play|
loading|please wait|accept|accept all|agree|i agree|ok|got it|dismiss|no thanks|
manage preferences|settings|notifications|enable notifications|
"""
LABEL_RE = re.compile(r"^(?:" + re.sub(r"\s*\n\s*", "", _LABEL_WORDS) + r")$")

# Headings after which a page stops being the article: related lists, popular lists,
# comment threads, newsletters, author boxes. A line that is (nearly) only one of these
# closes the article region.
_SECTION_END = r"""
related|related articles?|related stories|related posts?|related news|related content|
related coverage|related reading|related topics|related links|related videos?|
see also|also read|also on|read also|read more|more to read|read next|up next|next up|
what to read next|more from|more from [\w .&'-]{1,40}|more in [\w .&'-]{1,40}|more stories|
more news|more articles|more on this story|more on this topic|more like this|latest|
latest news|latest stories|latest articles|latest posts|latest videos|recent posts|
recent articles|recent news|popular|most popular|popular now|popular stories|
popular articles|popular posts|most read|most viewed|most shared|most commented|
most emailed|trending|trending now|trending stories|editor'?s choice|editor'?s picks|
editors'? picks|top stories|top news|you may also like|you might also like|
you may be interested in|you might be interested in|we recommend|recommended|
recommended for you|recommended stories|recommended articles|don'?t miss|around the web|
from around the web|sponsored stories|sponsored links|promoted stories|from our partners|
comments?|\d+ comments?|\d+ responses?|\d+ replies|view comments|show comments|
leave a comment|leave a reply|leave a reply cancel reply|post a comment|add a comment|
join the discussion|join the conversation|discussion|responses|
about the author|about the authors|about author|author bio|
sign up for our newsletter|newsletter|get our newsletter|subscribe to our newsletter|
share this article|share this story|share this post|share this entry|share this|
tags|topics|filed under|categories|more about
"""
SECTION_END_RE = re.compile(r"^(?:" + re.sub(r"\s*\n\s*", "", _SECTION_END) + r")$")

# Notices that can be written as sentences, so that the prose test alone lets them in.
BOILERPLATE_RE = re.compile(
    r"(?:\bcookies?\b.{0,80}\b(?:use|using|accept|consent|continu|agree|experience|browsing)"
    r"|\b(?:use|using|accept|consent|continu|agree)\w*\b.{0,80}\bcookies?\b"
    r"|all rights reserved|©|\(c\)\s*(?:19|20)\d\d|copyright\s+(?:©\s*)?(?:19|20)\d\d"
    r"|\bprivacy policy\b|\bterms of (?:use|service)\b"
    r"|may not be (?:published|reproduced|copied|redistributed)"
    r"|(?:sign|signing) up (?:for|to) (?:our|the) (?:\w+ )?newsletter"
    r"|subscribe to (?:our|the) (?:\w+ )?newsletter"
    r"|your email address will not be published|required fields are marked"
    r"|javascript (?:is )?(?:disabled|required)|enable javascript|update your browser"
    r"|(?:is|are) (?:for|available to) subscribers only|to read the full (?:story|article)"
    r"|already (?:a subscriber|have an account)|create (?:a free )?account"
    r"|we use (?:cookies|your data)|save my name, email"
    r"|this site uses akismet|log in to (?:comment|reply)|you must be logged in"
    r"|\bfollow (?:us|him|her|them|me) (?:on|at|@)|unsubscribe at any time|\bno spam\b"
    r"|(?:successfully|succesfully) subscribed|activation link|subject to copyright"
    r"|sign up for (?:e-?mail|our) (?:alerts|newsletters?|updates))",
    re.I,
)

# Calls to action written inside a teaser or at the end of an article:
# "(Click the image to read more).", "Continue reading ...", "Read the full story".
CALL_TO_ACTION_RE = re.compile(
    r"\s*[(\[]?\s*(?:click|tap)\s+(?:here|the\s+(?:image|picture|photo|link|title|headline))?"
    r"\s*(?:to|for)\s+(?:read|see|view|find out|learn)\s+(?:more|the\s+(?:full|whole|rest)[\w ]*)"
    r"\s*[)\]]?\s*\.?"
    r"|\s*[(\[]?\s*(?:continue reading|read (?:the )?(?:full|whole|rest of the) (?:story|article|post)|"
    r"read more|more\s*»|\.\.\.\s*more)\s*(?:»|›|→|>+)?\s*[)\]]?\s*\.?\s*$",
    re.I,
)

# Line starts that mark a photo caption or a photo credit.
CAPTION_START_RE = re.compile(
    r"^\s*[(\[]?\s*(?:photo|photos|photograph|picture|pic|image|images|pictured|caption|"
    r"file photo|top photo|main photo|header image|featured image|cover photo|illustration|"
    r"video|graphic|foto|bild|media)\s*(?:\d+\s*)?(?:[:|–—-]|by\b|credit\b|caption\b|copyright\b)",
    re.I,
)
# A credit inside a caption: "(picture courtesy of X)", "Photo: X", "(AP Photo/X)", "Credit: X".
CAPTION_CREDIT_RES = (
    re.compile(r"\(\s*(?:picture|photo|photograph|image|images?|video)?\s*courtesy\s+of\s+(?:the\s+)?([^()]+?)\s*\)", re.I),
    re.compile(r"(?:picture|photo|photograph|image)s?\s+courtesy\s+(?:of\s+)?(?:the\s+)?([^.;()]+)", re.I),
    re.compile(r"\bcourtesy\s+of\s+(?:the\s+)?([^.;()]+)", re.I),
    re.compile(r"\(\s*((?:AP|AFP|Reuters|EPA|Getty)[^()]*?(?:Photo|Images|Pictures)[^()]*)\)", re.I),
    re.compile(r"(?:photo|picture|image)\s*(?:credit)?\s*(?:by|:)\s*([^.;()]+)$", re.I),
    re.compile(r"\b(?:credit|photo credit|image credit)\s*:\s*([^.;()]+)", re.I),
    re.compile(r"©\s*([^.;()]+)"),
)

# "source: commonspace.eu with kremlin.ru and itar-tass ." and its kin: the sources a page credits.
CREDIT_LINE_RE = re.compile(
    r"^\s*[(\[]?\s*(?:sources?|via|credits?|content (?:from|by)|adapted from|courtesy of|"
    r"this (?:article|story) (?:was )?(?:first |originally )?(?:published|appeared) (?:by|on|in))"
    r"\s*[:\-–—]?\s+(.+?)\s*[)\]]?\s*\.?\s*$",
    re.I,
)
# "Reporting by A; additional reporting by B; Editing by C": who wrote and edited the piece.
REPORTING_LINE_RE = re.compile(
    r"^\s*[(\[]?\s*(?:(?:with |additional )*reporting (?:by|from)|written by|compiled by|"
    r"writing by|editing by|edited by)\s*:?\s+.+$",
    re.I,
)
REPORTING_PART_RE = re.compile(r"(?:(?:with |additional )*reporting (?:by|from)|written by|compiled by|writing by)\s*:?\s+([^;]+)", re.I)
# "By Jane Doe, Transport correspondent", "12 May 2020 | by Tomas Berg"
BYLINE_RE = re.compile(r"(?:^|[|•·]\s*|\s)by\s*:?\s+([^|•·]+)", re.I)
CREDIT_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\+|/|\band\b|\bwith\b|\bplus\b)\s*", re.I)


def label_key(text: str) -> str:
    """A line reduced to what label matching looks at: casefolded words, no punctuation,
    no counters or arrows ("Comments (3)" and "COMMENTS »" both become "comments")."""
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[^\w'&\s]+", " ", text)
    text = re.sub(r"\b\d+\b", " ", text)
    return " ".join(text.split()).strip("'")


# A line that only points elsewhere: "Related: ...", "READ MORE: ...", "See also - ...".
INLINE_LINK_RE = re.compile(
    r"^\s*[(\[]?\s*(?:related|related article|related story|related stories|related coverage|"
    r"read more|read also|also read|more|see also|also see|watch|watch now|listen|"
    r"recommended|further reading|click here|more on this|read next|trending|top stories|"
    r"don't miss|do not miss|must read|editor's pick|sponsored)\s*(?:[:|»›>]|[-–—]\s)", re.I)

# A bare photo credit ("Sanjeev Verma/Hindustan Times/Getty Images", "AP Photo/Jane Doe"):
# short lines naming a picture agency, or "Name/Agency".
PHOTO_AGENCY_RE = re.compile(
    r"\b(?:getty(?:\s*images)?|shutterstock|istock(?:photo)?|alamy|afp|reuters|ap(?:\s+photo)?|"
    r"associated press|epa(?:-efe)?|efe|pa (?:images|wire|media)|bloomberg|nurphoto|sipa(?: usa)?|"
    r"xinhua|anadolu(?: agency)?|tass|ria novosti|sputnik|wikimedia(?: commons)?|flickr|unsplash|"
    r"pexels|dpa|imago|abaca|zuma(?: press)?|rex features|picture alliance|corbis)\b",
    re.I,
)
# "1 of 4 A shopper looks at ...": a slide of a photo gallery.
GALLERY_SLIDE_RE = re.compile(r"^\s*(?:image|photo|slide)?\s*\d{1,3}\s*(?:of|/)\s*\d{1,3}\b", re.I)
