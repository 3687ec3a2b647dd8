"""The word lists the mention extractor reads names with (extract.py).

Hand-made and tuned on the shared corpus: titles that stand before a name, the
words that start a role after one ("…, Assistant Editor of …"), and the words that
look like a name in a capitalised or all-caps text but are not one. Kept apart from
the rules so that a slip in the corpus is fixed here, in one line.
"""

from __future__ import annotations

# A title's last word: the word a name follows ("President", "FM", "Mr.").
# Abbreviations are written without their dot; the extractor allows one.
HEADS = """
president presidents vp premier pm fm dfm minister ministers
ambassador ambassadors amb charge chargé dcm consul
secretary secretaries undersecretary u/s a/s das secdef secstate
senator senators sen congressman congresswoman congressmen
governor gov mayor
general gen colonel col major maj captain capt admiral adm commander cdr
lieutenant lt sergeant sgt brigadier brig marshal marshall
mr mrs ms messrs dr prof professor
chairman chairwoman chairperson speaker
king queen prince princess emir amir sheikh shaykh sheik sultan
ayatollah imam mullah cardinal pope archbishop bishop patriarch rabbi
chancellor judge justice prosecutor procurator commissioner ombudsman
spokesman spokeswoman spokesperson envoy
mp mk deputy deputies hojjatoleslam
""".split()

# Words that may stand before a head in a title ("First Deputy Foreign Minister",
# "Lt. Gen.", "Assistant Secretary of State" is handled by DOMAINS).
MODIFIERS = """
first deputy vice acting former interim field assistant under chief senior special
executive principal lieutenant lt brigadier major maj crown grand supreme
foreign defense defence interior finance justice economy economic energy trade
health education agriculture oil culture labor labour transport communications
information industry environment emergency emergencies security intelligence home
cabinet state prime parliamentary presidential attorney surgeon inspector
national secretary-general director director-general
""".split()

# "Secretary General", "Attorney General", "Consul General": a head after a head.
SECOND_HEADS = """
general minister secretary president
""".split()

# "Minister of Foreign Affairs Lavrov", "Secretary of State Rice".
DOMAINS = [
    "Foreign Affairs",
    "Internal Affairs",
    "Defense",
    "Defence",
    "Interior",
    "Finance",
    "Justice",
    "State",
    "Economy",
    "Energy",
    "Trade",
    "Health",
    "Education",
    "Agriculture",
    "Homeland Security",
    "Emergency Situations",
]

# Words that start the role in an apposition: "Victor Litovkin, Assistant Editor of
# the online journal …", "Ivan Ivanov, head of …".
ROLE_WORDS = """
editor editor-in-chief correspondent journalist reporter columnist commentator
director head chief leader chairman chairwoman chair member founder co-founder
advisor adviser analyst professor lecturer researcher scholar expert economist
president vice-president minister deputy secretary spokesman spokeswoman
spokesperson coordinator representative manager ceo cfo owner officer official
commander governor mayor ambassador lawyer attorney judge prosecutor activist
candidate mp senator aide assistant counselor counsellor consul
""".split()

# Capitalised words that follow a title without being a name ("President's Office",
# "Minister Counselor", "General Assembly") or that end a name in all-caps text
# ("PRESIDENT KARIMOV SAID").
NOT_NAMES = set(
    """
a an the and or but nor of to for from in on at by with without about into onto
over under after before during since until as than that this these those there here
he she it they we i you his her its their our my your him them us who whom whose
which what when where why how all any some each every no not both either neither
is are was were be been being has have had do does did will would shall should
can could may might must said says say told tells tell stated stressed noted added
asked urged agreed met meets meeting meet visited visit visits called calls call
also too very more most much many such only just then now again still even
office offices administration council assembly committee commission ministry
ministries staff secretariat palace guard court courts party parties directorate
department departments plenipotentiary extraordinary designate elect emeritus
amembassy amconsul usmission usdel secstate washdc
counselor counsellor corps cabinet government governments apparatus
election elections electoral campaign candidate candidates decree decrees
spokesman spokesperson delegation team level levels post posts position
motors electric electronics services service affairs bureau
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
comment comments note summary end begin text ref reftel para septel
embassy consulate mission post usg gom goi gor gos mfa
u.s. us usa united states american americans
state states national federal republic republics kingdom union federation
general minister ministers secretary president presidents prime deputy chief
ambassador ambassadors ambassadorial senator governor
year years day days week weeks month months time times
new old next last first second third
leader leaders member members head heads official officials spokespeople
agency agencies people people's staff's prosecutor's prosecutors authority authorities
company corporation organization organisation confederation inspectorate
headquarters command customs security intelligence police hospital university
institute association conference budget debate law laws plan strategy fund bank
church mosque congress parliament duma senate controller controllers directorate
accounting audit auditor treasury tribunal hall house square street avenue airport
ministerial secretaries-general command's general's president's minister's
""".split()
)

# Heads that in all-caps text are more often a word ("A MAJOR CONTRIBUTION", "IN
# CHARGE", "THE GENERAL SITUATION"): read there only after another title word.
CAPS_WEAK_HEADS = set(
    """
major maj charge justice general deputy speaker marshal judge commander captain chief
""".split()
)

# What may follow a name in all-caps text, showing where it ends: a verb of saying or
# being. They are never part of a name there.
CAPS_AFTER_NAME = set(
    """
said says told tells asked noted stated added agreed explained replied responded
emphasized emphasised stressed indicated suggested commented observed remarked urged
called spoke pledged welcomed reviewed discussed discusses expressed announced
claimed insisted confirmed declared assured argued warned thanked praised promised
offered proposed described recalled reiterated underlined underscored acknowledged
admitted denied complained continued concluded believes believed thinks thought
wants wanted hopes hoped met meets visited will would was is has had and who whose
""".split()
)

# Words too common in all-caps text to be read as a surname standing alone
# ("RICE", "BUSH" are read only after a title, where they are names).
COMMON_CAPS = NOT_NAMES | set(
    """
rice bush gates brown king white black green young long short high low good great
will may bill mark grant rich price cook hope rose rush love
north south east west central regional international
""".split()
)

# Particles of a name written in lower case: "Osama bin Laden", "Carol van Voorst".
PARTICLES = set("al el bin ibn bint abu ben de da di del dos das van von der le la du".split())
# Prefixes joined to a name by a hyphen: "al-Maliki", "el-Baradei".
PREFIXES = set("al el ad ar as ash at az".split())
