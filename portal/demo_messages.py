"""The demo letters: realistic Dutch plain-language texts (B1, "u"), most with a plain-English version.

This module is data only; portal/demo.py delivers it. Texts may hold placeholders, filled in at seeding time
from the letter's delivery date, so the demo reads right whenever it is seeded:
{year}, {last_year}, {two_years_ago}, {next_year}: calendar years; {next_month}: the month after delivery;
{tax_year}: the year the income tax story is about (the year before its first letter, TAX_STORY_DAYS_AGO);
{reference}: the letter's own reference (in PDFs);
{deadline}: the letter's date written out ("vrijdag 1 december 2027" / "Friday 1 December 2027");
{m1} … {m6}: the 28th of each of the six months after delivery (for the payment plan PDF).
Bodies are Markdown (paragraphs, lists, links, headings from ##), never raw HTML or images.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    subject: str
    summary: str
    action: str  # "what you must do"; empty for letters that only inform
    body: str


@dataclass(frozen=True)
class Letter:
    org: str  # organisation slug
    type: str  # message_type
    reference: str
    days_ago: int  # delivered this many days before the seeding moment
    nl: Text
    en: Text | None = None
    state: str = "read"  # unread | read | done | archived (archived letters with a deadline are also done)
    hours_ago: int | None = None  # today's mail: delivered this many hours ago instead
    due: int | None = None  # deadline: days after the Dutch date of today (negative: in the past)
    due_kind: str | None = None  # respond | pay | object | send-documents
    done_after: int = 5  # days after delivery that a done letter was done
    pdf: str | None = None  # key in PDFS


@dataclass(frozen=True)
class Pdf:
    filename: str
    html: str  # a whole document with <html lang="nl"> and a <title>


# The income tax letters (invitation, reminder, final assessment, payment plan, ...) are about one tax year:
# the year before the invitation arrived, so the story holds whenever the demo is seeded.
TAX_STORY_DAYS_AGO = 380

BD = "belastingdienst"
TS = "toeslagen"
UT = "gemeente-utrecht"
CJ = "cjib"

# ---------------------------------------------------------------------------------------------------------
# Anna de Vries (burger@example.nl): 33 letters over about 14 months, oldest first.
# Open deadlines: the CJIB fine (overdue), the benefits documents (this week), the municipal tax (next month).
# ---------------------------------------------------------------------------------------------------------

BURGER: list[Letter] = [
    Letter(
        BD, "voorlopige-aanslag-ib", "{year}-VA-20417", 420, state="archived",
        nl=Text(
            "Voorlopige aanslag inkomstenbelasting {year}",
            "U krijgt in {year} elke maand € 87 van ons. Dit is een voorschot op uw belastingteruggave. "
            "Na uw aangifte over {year} rekenen wij alles definitief uit.",
            "",
            """U krijgt een voorlopige aanslag inkomstenbelasting over {year}. Wij betalen u elke maand een deel van
uw teruggave. Zo hoeft u niet te wachten tot na uw aangifte.

## Hoeveel krijgt u?

- U krijgt over {year} in totaal € 1.044.
- Dat is € 87 per maand.
- Wij betalen rond de 20e van de maand op uw rekening.

## Verandert uw inkomen?

Gaat u meer of minder verdienen? Pas uw voorlopige aanslag dan aan. Zo hoeft u later geen geld terug te
betalen. Dat doet u in [Mijn Belastingdienst](https://mijn.belastingdienst.nl).

Meer uitleg vindt u op [onze website](https://www.belastingdienst.nl/voorlopige-aanslag).
""",
        ),
        en=Text(
            "Provisional income tax assessment {year}",
            "In {year} you get €87 from us every month. This is an advance on your tax refund. "
            "After your tax return for {year} we work out the final amount.",
            "",
            """You are getting a provisional income tax assessment for {year}. We pay part of your refund every
month, so you do not have to wait until after your tax return.

## How much do you get?

- In total you get €1,044 for {year}.
- That is €87 a month.
- We pay it into your account around the 20th of each month.

## Is your income changing?

Will you earn more or less? Then change your provisional assessment, so you do not have to pay money back
later. You can do this in [My Tax Administration](https://mijn.belastingdienst.nl).

There is more information on [our website](https://www.belastingdienst.nl/voorlopige-aanslag).
""",
        ),
    ),
    Letter(
        TS, "voorschotbeschikking", "{year}-TS-551208", 410, state="archived",
        nl=Text(
            "Uw voorschot huurtoeslag en zorgtoeslag voor {year}",
            "U krijgt in {year} huurtoeslag en zorgtoeslag. Samen is dat € 391 per maand. "
            "Kijk of uw inkomen en huur kloppen.",
            "",
            """Wij hebben uw voorschot voor {year} berekend. U krijgt dit geld elke maand vóór de 20e.

## Wat krijgt u?

- Huurtoeslag: € 268 per maand.
- Zorgtoeslag: € 123 per maand.

Wij gaan uit van een inkomen van € 27.400 in {year} en een huur van € 742 per maand.

## Klopt dit niet?

Geef wijzigingen zo snel mogelijk door in [Mijn toeslagen](https://www.toeslagen.nl/mijn-toeslagen). Dan krijgt
u het juiste bedrag. Anders moet u later misschien geld terugbetalen.
""",
        ),
        en=Text(
            "Your advance housing and healthcare benefit for {year}",
            "In {year} you get housing benefit and healthcare benefit. Together that is €391 a month. "
            "Check that your income and rent are correct.",
            "",
            """We have worked out your advance for {year}. You get this money every month before the 20th.

## What do you get?

- Housing benefit: €268 a month.
- Healthcare benefit: €123 a month.

We have used an income of €27,400 in {year} and a rent of €742 a month.

## Is this wrong?

Tell us about changes as soon as you can in [My benefits](https://www.toeslagen.nl/mijn-toeslagen). Then you
get the right amount. Otherwise you may have to pay money back later.
""",
        ),
    ),
    Letter(
        UT, "aanslag-gemeentelijke-belastingen", "{year}-GB-0381446", 400, state="archived",
        due=-340, due_kind="pay", done_after=9,
        nl=Text(
            "Aanslag gemeentelijke belastingen {year}",
            "U betaalt in {year} € 481,20 aan gemeentelijke belastingen. Dit is voor afvalstoffenheffing en "
            "rioolheffing. U betaalt met automatische incasso in 10 termijnen.",
            "Betaal vóór {deadline}, of laat het bedrag in termijnen afschrijven.",
            """Dit is uw aanslag gemeentelijke belastingen voor {year}.

## Wat betaalt u?

- Afvalstoffenheffing (eenpersoonshuishouden): € 306,84
- Rioolheffing: € 174,36
- Totaal: € 481,20

## Hoe betaalt u?

U hebt ons toestemming gegeven voor automatische incasso. Wij schrijven het bedrag in 10 termijnen af. U
hoeft dus niets te doen.

Vindt u de aanslag niet juist? Maak dan binnen 6 weken bezwaar via
[https://www.utrecht.nl/bezwaar-belastingen](https://www.utrecht.nl/bezwaar-belastingen).
""",
        ),
        en=Text(
            "Municipal tax assessment {year}",
            "In {year} you pay €481.20 in municipal taxes. This is for waste collection and sewerage. "
            "You pay by direct debit in 10 instalments.",
            "Pay before {deadline}, or let us collect the amount in instalments.",
            """This is your municipal tax assessment for {year}.

## What do you pay?

- Waste collection charge (one-person household): €306.84
- Sewerage charge: €174.36
- Total: €481.20

## How do you pay?

You have given us permission to collect by direct debit. We collect the amount in 10 instalments. You do not
have to do anything.

Do you think the assessment is wrong? Object within 6 weeks at
[https://www.utrecht.nl/bezwaar-belastingen](https://www.utrecht.nl/bezwaar-belastingen).
""",
        ),
    ),
    Letter(
        BD, "aangifte-uitnodiging-ib", "{tax_year}-IB-48213", TAX_STORY_DAYS_AGO,
        state="done", due=-320, due_kind="respond", done_after=74,
        nl=Text(
            "Doe aangifte inkomstenbelasting over {tax_year}",
            "U moet aangifte doen over {tax_year}. Doe dit vóór {deadline}. Veel gegevens hebben wij al voor u "
            "ingevuld.",
            "Doe uw aangifte vóór {deadline} in Mijn Belastingdienst.",
            """Wij vragen u om aangifte inkomstenbelasting te doen over {tax_year}. Doe dit vóór {deadline}.

## Zo doet u aangifte

1. Log in op [Mijn Belastingdienst](https://mijn.belastingdienst.nl) met DigiD.
2. Controleer de gegevens die wij al hebben ingevuld, zoals uw loon.
3. Vul aan wat nog ontbreekt, bijvoorbeeld uw zorgkosten.
4. Verstuur uw aangifte.

## Lukt het niet op tijd?

Vraag dan uitstel aan vóór {deadline}. Dat kan op
[https://www.belastingdienst.nl/uitstel](https://www.belastingdienst.nl/uitstel).

Hulp nodig? Bel de BelastingTelefoon: [0800 0543](tel:08000543).
""",
        ),
        en=Text(
            "File your income tax return for {tax_year}",
            "You must file a tax return for {tax_year}. Do this before {deadline}. We have already filled in "
            "much of the information for you.",
            "File your tax return in My Tax Administration before {deadline}.",
            """We ask you to file an income tax return for {tax_year}. Do this before {deadline}.

## How to file

1. Log in to [My Tax Administration](https://mijn.belastingdienst.nl) with DigiD.
2. Check the information we have already filled in, such as your wages.
3. Add what is missing, for example your healthcare costs.
4. Send your tax return.

## Can you not make it in time?

Then ask for more time before {deadline} at
[https://www.belastingdienst.nl/uitstel](https://www.belastingdienst.nl/uitstel).

Need help? Call the Tax Information Line: [0800 0543](tel:08000543).
""",
        ),
    ),
    Letter(
        UT, "verhuizing-verwerkt", "BRP-{year}-774102", 372,
        nl=Text(
            "Uw verhuizing is verwerkt",
            "Wij hebben uw nieuwe adres in de Basisregistratie Personen gezet. Andere overheden krijgen uw nieuwe "
            "adres vanzelf. U hoeft dit niet zelf door te geven.",
            "",
            """U hebt uw verhuizing aan ons doorgegeven. Uw nieuwe adres staat nu in de Basisregistratie
Personen (BRP).

## Wie krijgt uw nieuwe adres?

- De Belastingdienst en Dienst Toeslagen
- Uw zorgverzekeraar
- Het CJIB en de RDW

## Wat moet u zelf regelen?

Geef uw adres zelf door aan uw bank, uw energieleverancier en uw werkgever. Woont u in een wijk met betaald
parkeren? Vraag dan een nieuwe parkeervergunning aan op
[https://www.utrecht.nl/parkeervergunning](https://www.utrecht.nl/parkeervergunning).
""",
        ),
        en=Text(
            "Your move has been registered",
            "We have put your new address in the Personal Records Database. Other government organisations get "
            "your new address automatically. You do not have to tell them yourself.",
            "",
            """You told us you have moved. Your new address is now in the Personal Records Database (BRP).

## Who gets your new address?

- The Tax Administration and the Benefits Agency
- Your health insurer
- The CJIB and the RDW

## What do you need to arrange yourself?

Tell your bank, your energy company and your employer yourself. Do you live in an area with paid parking?
Then apply for a new parking permit at
[https://www.utrecht.nl/parkeervergunning](https://www.utrecht.nl/parkeervergunning).
""",
        ),
    ),
    Letter(
        UT, "parkeervergunning-toegekend", "PV-20931", 355,
        nl=Text(
            "Uw parkeervergunning is toegekend",
            "U krijgt een parkeervergunning voor bewoners. De vergunning is digitaal en hoort bij uw kenteken. "
            "U hebt geen kaart achter de voorruit nodig.",
            "",
            """U hebt een parkeervergunning aangevraagd. Wij hebben uw aanvraag goedgekeurd.

## Uw vergunning

- Soort: bewonersvergunning
- Gebied: Binnenstad
- Kosten: € 19,35 per maand

De vergunning is digitaal. Een handhaver ziet aan uw kenteken dat u mag parkeren.

## Nieuwe auto?

Geef uw nieuwe kenteken door in [Mijn Loket](https://www.utrecht.nl/mijn-loket). Dan blijft uw
vergunning geldig.
""",
        ),
    ),
    Letter(
        TS, "jaaroverzicht-toeslagen", "{last_year}-JO-339018", 350,
        nl=Text(
            "Jaaroverzicht toeslagen {last_year}",
            "In dit overzicht ziet u hoeveel toeslag u in {last_year} hebt gekregen. "
            "Dit is nog niet de definitieve berekening. Die krijgt u later.",
            "",
            """Dit is uw jaaroverzicht van de toeslagen die u in {last_year} hebt gekregen.

## Wat hebt u gekregen?

- Huurtoeslag: € 3.156
- Zorgtoeslag: € 1.428

## Wat gebeurt er nu?

Na uw aangifte inkomstenbelasting over {last_year} berekenen wij uw toeslagen definitief. U krijgt dan
misschien geld terug, of u moet iets terugbetalen.

Bekijk al uw bedragen in [Mijn toeslagen](https://www.toeslagen.nl/mijn-toeslagen).
""",
        ),
        en=Text(
            "Annual benefits statement {last_year}",
            "This statement shows how much benefit you got in {last_year}. "
            "It is not the final calculation yet. You will get that later.",
            "",
            """This is your annual statement of the benefits you got in {last_year}.

## What did you get?

- Housing benefit: €3,156
- Healthcare benefit: €1,428

## What happens now?

After your income tax return for {last_year} we work out your benefits for good. You may get money back, or
you may have to pay some back.

See all amounts in [My benefits](https://www.toeslagen.nl/mijn-toeslagen).
""",
        ),
    ),
    Letter(
        BD, "herinnering-aangifte-ib", "{tax_year}-IB-48213-H1", 312,
        state="done", due=-298, due_kind="respond", done_after=6,
        nl=Text(
            "Herinnering: doe nog aangifte over {tax_year}",
            "Wij hebben uw aangifte inkomstenbelasting over {tax_year} nog niet ontvangen. "
            "Doe uw aangifte vóór {deadline}. Anders kunnen wij u een boete geven.",
            "Doe uw aangifte vóór {deadline}.",
            """Wij hebben u gevraagd om aangifte te doen over {tax_year}. Wij hebben uw aangifte nog niet
ontvangen.

## Wat moet u doen?

- Doe uw aangifte vóór {deadline} in [Mijn Belastingdienst](https://mijn.belastingdienst.nl).
- Hebt u al aangifte gedaan? Dan hoeft u niets te doen.

## Wat gebeurt er als u niets doet?

Dan kunnen wij u een boete geven. Ook schatten wij dan zelf uw inkomen.

Hulp bij uw aangifte? Kijk op [https://www.belastingdienst.nl/hulp](https://www.belastingdienst.nl/hulp).
""",
        ),
        en=Text(
            "Reminder: you still need to file your tax return for {tax_year}",
            "We have not yet received your income tax return for {tax_year}. "
            "File it before {deadline}. Otherwise we may give you a fine.",
            "File your tax return before {deadline}.",
            """We asked you to file a tax return for {tax_year}. We have not received it yet.

## What must you do?

- File your tax return before {deadline} in [My Tax Administration](https://mijn.belastingdienst.nl).
- Have you already filed it? Then you do not have to do anything.

## What happens if you do nothing?

Then we may give you a fine. We will also estimate your income ourselves.

Help with your tax return? See [https://www.belastingdienst.nl/hulp](https://www.belastingdienst.nl/hulp).
""",
        ),
    ),
    Letter(
        BD, "ontvangstbevestiging-aangifte", "{tax_year}-IB-48213-O", 305,
        nl=Text(
            "Wij hebben uw aangifte over {tax_year} ontvangen",
            "Wij hebben uw aangifte inkomstenbelasting over {tax_year} goed ontvangen. "
            "U krijgt binnen 3 maanden bericht over de uitkomst.",
            "",
            """Bedankt voor uw aangifte inkomstenbelasting over {tax_year}.

## Wat gebeurt er nu?

- Wij controleren uw aangifte.
- U krijgt binnen 3 maanden een definitieve aanslag.
- Krijgt u geld terug? Dan betalen wij dat uit op uw rekening.

Ziet u een fout in uw aangifte? Verbeter die dan in
[Mijn Belastingdienst](https://mijn.belastingdienst.nl).
""",
        ),
    ),
    Letter(
        CJ, "verkeersboete", "CJIB 6103 5582 1190 4471", 290,
        state="done", due=-234, due_kind="pay", done_after=66,
        nl=Text(
            "Verkeersboete: u reed te hard",
            "U reed 9 km per uur te hard op de Waterlinieweg in Utrecht. De boete is € 89. "
            "Betaal vóór {deadline}.",
            "Betaal € 89 vóór {deadline}.",
            """U krijgt een boete omdat u te hard reed.

## Wat is er gebeurd?

- Plaats: Waterlinieweg, Utrecht
- Toegestane snelheid: 70 km per uur
- Uw snelheid na correctie: 79 km per uur
- Boete: € 89

## Hoe betaalt u?

Betaal vóór {deadline} met iDEAL via [https://www.cjib.nl/betalen](https://www.cjib.nl/betalen). Gebruik het
betalingskenmerk uit dit bericht.

## Bent u het er niet mee eens?

Stel dan binnen 6 weken beroep in bij de officier van justitie. Lees hoe dat werkt op
[https://www.cjib.nl/bezwaar](https://www.cjib.nl/bezwaar).
""",
        ),
        en=Text(
            "Traffic fine: you were speeding",
            "You drove 9 km an hour too fast on the Waterlinieweg in Utrecht. The fine is €89. "
            "Pay before {deadline}.",
            "Pay €89 before {deadline}.",
            """You are getting a fine because you were speeding.

## What happened?

- Place: Waterlinieweg, Utrecht
- Speed limit: 70 km an hour
- Your speed after correction: 79 km an hour
- Fine: €89

## How do you pay?

Pay before {deadline} with iDEAL at [https://www.cjib.nl/betalen](https://www.cjib.nl/betalen). Use the payment
reference in this message.

## Do you disagree?

Then appeal to the public prosecutor within 6 weeks. Read how at
[https://www.cjib.nl/bezwaar](https://www.cjib.nl/bezwaar).
""",
        ),
    ),
    Letter(
        TS, "definitieve-berekening-zorgtoeslag", "{two_years_ago}-DB-771245", 270,
        nl=Text(
            "Definitieve berekening zorgtoeslag {two_years_ago}",
            "Wij hebben uw zorgtoeslag over {two_years_ago} definitief berekend. "
            "U krijgt € 56 van ons. Wij betalen dit binnen 5 weken.",
            "",
            """Wij hebben uw zorgtoeslag over {two_years_ago} definitief berekend. Daarbij gebruiken wij uw
inkomen uit de aanslag inkomstenbelasting.

## De uitkomst

- U had recht op: € 1.392
- U kreeg als voorschot: € 1.336
- U krijgt nog: € 56

Wij betalen dit bedrag binnen 5 weken op uw rekening.

## Niet eens met deze berekening?

Maak binnen 6 weken bezwaar in [Mijn toeslagen](https://www.toeslagen.nl/mijn-toeslagen).
""",
        ),
        en=Text(
            "Final calculation of healthcare benefit {two_years_ago}",
            "We have worked out your healthcare benefit for {two_years_ago} for good. "
            "You get €56 from us. We pay this within 5 weeks.",
            "",
            """We have made the final calculation of your healthcare benefit for {two_years_ago}. We used the
income from your income tax assessment.

## The result

- You were entitled to: €1,392
- You got as an advance: €1,336
- You still get: €56

We pay this amount into your account within 5 weeks.

## Do you disagree with this calculation?

Object within 6 weeks in [My benefits](https://www.toeslagen.nl/mijn-toeslagen).
""",
        ),
    ),
    Letter(
        UT, "paspoort-verloopt", "BZ-11873", 262,
        nl=Text(
            "Uw paspoort verloopt over 4 maanden",
            "Uw paspoort is over 4 maanden niet meer geldig. Vraag op tijd een nieuw paspoort aan. "
            "Dat duurt ongeveer 1 week.",
            "Maak een afspraak om een nieuw paspoort aan te vragen.",
            """Uw paspoort verloopt over 4 maanden. Gaat u op reis? Sommige landen vragen dat uw paspoort nog 6
maanden geldig is.

## Zo vraagt u een nieuw paspoort aan

1. Maak een afspraak op [https://www.utrecht.nl/paspoort](https://www.utrecht.nl/paspoort).
2. Neem uw oude paspoort en een pasfoto mee.
3. Betaal € 84,95 aan de balie.

Na ongeveer 1 week kunt u uw nieuwe paspoort ophalen.

## Hulp nodig?

Bel ons op [14 030](tel:14030). Wij helpen u graag.
""",
        ),
        en=Text(
            "Your passport expires in 4 months",
            "Your passport is no longer valid in 4 months. Apply for a new one in time. "
            "This takes about 1 week.",
            "Make an appointment to apply for a new passport.",
            """Your passport expires in 4 months. Are you travelling? Some countries require your passport to be
valid for 6 more months.

## How to apply for a new passport

1. Make an appointment at [https://www.utrecht.nl/paspoort](https://www.utrecht.nl/paspoort).
2. Bring your old passport and a passport photo.
3. Pay €84.95 at the desk.

After about 1 week you can collect your new passport.

## Need help?

Call us on [14 030](tel:14030). We are happy to help.
""",
        ),
    ),
    Letter(
        BD, "definitieve-aanslag-ib", "{tax_year}-IB-48213-D", 240,
        state="done", due=-198, due_kind="pay", done_after=12,
        nl=Text(
            "Definitieve aanslag inkomstenbelasting {tax_year}",
            "Wij hebben uw inkomstenbelasting over {tax_year} berekend. U moet nog € 412 betalen. "
            "Betaal vóór {deadline}, of vraag een betalingsregeling aan.",
            "Betaal € 412 vóór {deadline}, of vraag een betalingsregeling aan.",
            """Wij hebben uw aangifte over {tax_year} gecontroleerd. Dit is de definitieve aanslag.

## De uitkomst

- Belasting over uw inkomen: € 5.318
- Al betaald via uw loon: € 4.906
- U moet nog betalen: € 412

Het verschil komt vooral door uw tweede baan. Daar hield uw werkgever te weinig belasting in.

## Hoe betaalt u?

- Betaal vóór {deadline} via [https://www.belastingdienst.nl/betalen](https://www.belastingdienst.nl/betalen).
- Lukt dat niet in één keer? Vraag dan een betalingsregeling aan via
  [https://www.belastingdienst.nl/betalingsregeling](https://www.belastingdienst.nl/betalingsregeling).

Niet eens met de aanslag? Maak binnen 6 weken bezwaar in [Mijn Belastingdienst](https://mijn.belastingdienst.nl).
""",
        ),
        en=Text(
            "Final income tax assessment {tax_year}",
            "We have worked out your income tax for {tax_year}. You still have to pay €412. "
            "Pay before {deadline}, or ask for a payment plan.",
            "Pay €412 before {deadline}, or ask for a payment plan.",
            """We have checked your tax return for {tax_year}. This is the final assessment.

## The result

- Tax on your income: €5,318
- Already paid through your wages: €4,906
- You still have to pay: €412

The difference is mainly because of your second job. That employer withheld too little tax.

## How do you pay?

- Pay before {deadline} at [https://www.belastingdienst.nl/betalen](https://www.belastingdienst.nl/betalen).
- Can you not pay it all at once? Then ask for a payment plan at
  [https://www.belastingdienst.nl/betalingsregeling](https://www.belastingdienst.nl/betalingsregeling).

Do you disagree? Object within 6 weeks in [My Tax Administration](https://mijn.belastingdienst.nl).
""",
        ),
    ),
    Letter(
        UT, "paspoort-klaar", "BZ-11873-K", 236, state="archived",
        nl=Text(
            "Uw nieuwe paspoort ligt klaar",
            "Uw nieuwe paspoort ligt klaar bij het Stadskantoor. Haal het binnen 3 maanden op. "
            "U hebt hiervoor geen afspraak nodig.",
            "Haal uw paspoort binnen 3 maanden op bij het Stadskantoor.",
            """Uw nieuwe paspoort is klaar. U kunt het ophalen bij het Stadskantoor, Stadsplateau 1 in Utrecht.

## Wat neemt u mee?

- Uw oude paspoort
- Dit bericht, op uw telefoon of op papier

U hebt geen afspraak nodig. Kijk voor de openingstijden op
[https://www.utrecht.nl/stadskantoor](https://www.utrecht.nl/stadskantoor).

## Let op

Haalt u uw paspoort niet binnen 3 maanden op? Dan maken wij het ongeldig.
""",
        ),
        en=Text(
            "Your new passport is ready",
            "Your new passport is ready at the City Office. Collect it within 3 months. "
            "You do not need an appointment.",
            "Collect your passport at the City Office within 3 months.",
            """Your new passport is ready. You can collect it at the City Office, Stadsplateau 1 in Utrecht.

## What do you bring?

- Your old passport
- This message, on your phone or on paper

You do not need an appointment. See the opening hours at
[https://www.utrecht.nl/stadskantoor](https://www.utrecht.nl/stadskantoor).

## Please note

If you do not collect your passport within 3 months, we make it invalid.
""",
        ),
    ),
    Letter(
        CJ, "aanmaning", "CJIB 6103 5582 1190 4471", 228,
        state="done", due=-214, due_kind="pay", done_after=4,
        nl=Text(
            "Aanmaning: betaal uw verkeersboete",
            "U hebt uw verkeersboete nog niet betaald. Het bedrag is nu € 98. "
            "Betaal vóór {deadline}, anders wordt de boete nog hoger.",
            "Betaal € 98 vóór {deadline}.",
            """Wij hebben uw betaling voor de verkeersboete nog niet ontvangen. Daarom is de boete verhoogd
met € 9 administratiekosten.

## Wat moet u betalen?

- Boete: € 89
- Administratiekosten: € 9
- Totaal: € 98

## Betaal vóór {deadline}

Betaal met iDEAL via [https://www.cjib.nl/betalen](https://www.cjib.nl/betalen). Betaalt u niet op tijd? Dan verhogen
wij het bedrag nog een keer.

Kunt u niet in één keer betalen? Kijk op [https://www.cjib.nl/betalingsregeling](https://www.cjib.nl/betalingsregeling).
""",
        ),
        en=Text(
            "Payment reminder: pay your traffic fine",
            "You have not paid your traffic fine yet. The amount is now €98. "
            "Pay before {deadline}, or the fine goes up again.",
            "Pay €98 before {deadline}.",
            """We have not received your payment for the traffic fine yet. So we have added €9 in
administration costs.

## What do you have to pay?

- Fine: €89
- Administration costs: €9
- Total: €98

## Pay before {deadline}

Pay with iDEAL at [https://www.cjib.nl/betalen](https://www.cjib.nl/betalen). If you do not pay in time, the amount goes
up again.

Can you not pay it all at once? See [https://www.cjib.nl/betalingsregeling](https://www.cjib.nl/betalingsregeling).
""",
        ),
    ),
    Letter(
        BD, "betalingsregeling-toegekend", "{tax_year}-IB-48213-BR", 226, pdf="betalingsregeling",
        nl=Text(
            "Uw betalingsregeling is goedgekeurd",
            "U mag de aanslag van € 412 in 6 maanden betalen. U betaalt elke maand ongeveer € 68,67. "
            "In de bijlage ziet u wanneer u welk bedrag betaalt.",
            "Betaal elke maand vóór de 28e het bedrag uit de bijlage.",
            """U hebt gevraagd om de aanslag inkomstenbelasting over {tax_year} in delen te betalen. Dat mag.

## Uw betalingsregeling

- Totaal: € 412
- Aantal termijnen: 6
- Per maand: € 68,67 (de laatste termijn is € 68,65)
- Eerste termijn: vóór {m1}

Het overzicht met alle termijnen staat in de bijlage.

## Let op

Betaal elke termijn op tijd. Mist u een termijn? Dan stopt de regeling en moet u alles in één keer betalen.
Betaal via [https://www.belastingdienst.nl/betalen](https://www.belastingdienst.nl/betalen).
""",
        ),
        en=Text(
            "Your payment plan has been approved",
            "You may pay the €412 assessment over 6 months. You pay about €68.67 every month. "
            "The attachment shows when you pay which amount.",
            "Pay the amount in the attachment before the 28th of every month.",
            """You asked to pay your income tax assessment for {tax_year} in parts. You may do so.

## Your payment plan

- Total: €412
- Number of instalments: 6
- Per month: €68.67 (the last instalment is €68.65)
- First instalment: before {m1}

The attachment lists all the instalments (in Dutch).

## Please note

Pay every instalment on time. If you miss one, the plan stops and you must pay everything at once.
Pay at [https://www.belastingdienst.nl/betalen](https://www.belastingdienst.nl/betalen).
""",
        ),
    ),
    Letter(
        CJ, "betaling-ontvangen", "CJIB 6103 5582 1190 4471", 220, state="archived",
        nl=Text(
            "Wij hebben uw betaling ontvangen",
            "U hebt uw verkeersboete van € 98 betaald. De zaak is hiermee afgerond. "
            "U hoeft niets meer te doen.",
            "",
            """Bedankt voor uw betaling. Wij hebben € 98 ontvangen voor de verkeersboete.

## Wat betekent dit?

- De boete is helemaal betaald.
- U krijgt geen herinneringen meer over deze boete.
- U hoeft niets meer te doen.

Bewaar dit bericht goed. Bekijk uw betalingen ook in [Mijn CJIB](https://www.cjib.nl/mijn-cjib).
""",
        ),
        en=Text(
            "We have received your payment",
            "You have paid your traffic fine of €98. The case is now closed. "
            "You do not have to do anything else.",
            "",
            """Thank you for your payment. We have received €98 for the traffic fine.

## What does this mean?

- The fine has been paid in full.
- You will get no more reminders about this fine.
- You do not have to do anything else.

Keep this message. You can also see your payments in [My CJIB](https://www.cjib.nl/mijn-cjib).
""",
        ),
    ),
    Letter(
        TS, "voorschot-gewijzigd", "{year}-TS-551208-W1", 200,
        nl=Text(
            "Uw voorschot huurtoeslag verandert",
            "Uw huur is verhoogd. Daarom krijgt u vanaf 1 {next_month} € 11 meer huurtoeslag. "
            "U krijgt nu € 279 per maand.",
            "",
            """U hebt een nieuwe huur aan ons doorgegeven. Wij hebben uw huurtoeslag opnieuw berekend.

## Wat verandert er?

- Nieuwe huur: € 768 per maand
- Huurtoeslag was: € 268 per maand
- Huurtoeslag wordt: € 279 per maand

De nieuwe huurtoeslag krijgt u vanaf 1 {next_month}.

Kloppen deze gegevens niet? Pas ze aan in [Mijn toeslagen](https://www.toeslagen.nl/mijn-toeslagen).
""",
        ),
    ),
    Letter(
        UT, "afvalpas", "AF-{year}-40915", 180,
        nl=Text(
            "Uw nieuwe afvalpas is onderweg",
            "Wij sturen u een nieuwe afvalpas voor de ondergrondse container. U krijgt de pas binnen 5 werkdagen. "
            "Uw oude pas werkt dan niet meer.",
            "",
            """In uw straat komen nieuwe ondergrondse containers voor restafval. Daarom krijgt u een nieuwe
afvalpas.

## Wat verandert er?

- U krijgt de nieuwe pas binnen 5 werkdagen per post.
- De nieuwe containers werken vanaf maandag over 2 weken.
- Uw oude pas werkt daarna niet meer. Gooi hem weg bij het restafval.

Pas kwijt of kapot? Vraag een nieuwe aan op [https://www.utrecht.nl/afvalpas](https://www.utrecht.nl/afvalpas).
""",
        ),
    ),
    Letter(
        BD, "wijziging-voorlopige-aanslag", "{year}-VA-20988", 150,
        nl=Text(
            "Wij hebben uw voorlopige aanslag {year} aangepast",
            "U hebt een nieuw inkomen doorgegeven. Daarom krijgt u vanaf nu € 64 per maand terug in plaats van "
            "€ 87. Zo hoeft u na uw aangifte minder terug te betalen.",
            "",
            """U hebt uw voorlopige aanslag over {year} aangepast in Mijn Belastingdienst. Dit is de nieuwe
berekening.

## Wat verandert er?

- Oud bedrag: € 87 per maand
- Nieuw bedrag: € 64 per maand
- Wat u al te veel kreeg, verrekenen wij met de komende maanden.

## Waarom is dit goed?

Als uw voorlopige aanslag klopt, hoeft u na uw aangifte weinig of niets terug te betalen. Meer uitleg op
[https://www.belastingdienst.nl/voorlopige-aanslag](https://www.belastingdienst.nl/voorlopige-aanslag).
""",
        ),
        en=Text(
            "We have changed your provisional assessment {year}",
            "You told us about a new income. So from now on you get €64 a month instead of €87. "
            "That way you pay back less after your tax return.",
            "",
            """You changed your provisional assessment for {year} in My Tax Administration. This is the new
calculation.

## What changes?

- Old amount: €87 a month
- New amount: €64 a month
- What you already got too much, we take off the coming months.

## Why is this good?

If your provisional assessment is right, you pay back little or nothing after your tax return. More at
[https://www.belastingdienst.nl/voorlopige-aanslag](https://www.belastingdienst.nl/voorlopige-aanslag).
""",
        ),
    ),
    Letter(
        TS, "inkomen-doorgeven", "{year}-TS-551208-V", 120,
        state="done", due=-92, due_kind="respond", done_after=3,
        nl=Text(
            "Geef uw inkomen voor {year} door",
            "Wij denken dat uw inkomen in {year} anders is dan u hebt opgegeven. "
            "Controleer uw inkomen en geef het juiste bedrag door vóór {deadline}.",
            "Controleer uw inkomen in Mijn toeslagen en geef het door vóór {deadline}.",
            """Wij krijgen gegevens over uw loon van uw werkgever. Die gegevens passen niet bij het inkomen dat u
ons heeft gegeven.

## Wat weten wij?

- Inkomen dat u opgaf: € 27.400
- Inkomen volgens uw loongegevens: ongeveer € 31.200

## Wat moet u doen?

Log in op [Mijn toeslagen](https://www.toeslagen.nl/mijn-toeslagen) en geef uw inkomen door vóór {deadline}.
Dan krijgt u het juiste voorschot. Zo voorkomt u dat u veel moet terugbetalen.
""",
        ),
        en=Text(
            "Tell us your income for {year}",
            "We think your income in {year} is different from what you told us. "
            "Check your income and tell us the right amount before {deadline}.",
            "Check your income in My benefits and tell us before {deadline}.",
            """We get information about your wages from your employer. It does not match the income you gave us.

## What do we know?

- Income you told us: €27,400
- Income according to your wage details: about €31,200

## What must you do?

Log in to [My benefits](https://www.toeslagen.nl/mijn-toeslagen) and tell us your income before
{deadline}. Then you get the right advance and avoid paying back a large amount.
""",
        ),
    ),
    Letter(
        UT, "melding-afgehandeld", "MOR-{year}-118204", 100,
        nl=Text(
            "Uw melding over een kapotte lantaarnpaal is afgehandeld",
            "U meldde een kapotte lantaarnpaal in uw straat. Wij hebben de lamp vervangen. "
            "Bedankt voor uw melding.",
            "",
            """U hebt een melding gedaan over de openbare ruimte. Wij hebben die afgehandeld.

## Uw melding

- Wat: lantaarnpaal brandt niet
- Waar: bij huisnummer 41 in uw straat
- Wat wij deden: de lamp vervangen

## Nog niet opgelost?

Doe dan een nieuwe melding op [https://www.utrecht.nl/melding](https://www.utrecht.nl/melding). Noem daarin het nummer
van deze melding.
""",
        ),
    ),
    Letter(
        BD, "betalingsregeling-afgerond", "{tax_year}-IB-48213-BR-A", 70,
        nl=Text(
            "Uw betalingsregeling is afgerond",
            "U hebt alle 6 termijnen van uw betalingsregeling betaald. De aanslag over {tax_year} is daarmee "
            "helemaal betaald. U hoeft niets meer te doen.",
            "",
            """Wij hebben de laatste termijn van uw betalingsregeling ontvangen.

## Overzicht

- Aanslag inkomstenbelasting {tax_year}: € 412
- Betaald in 6 termijnen
- Nog te betalen: € 0

## Tip

Wilt u voortaan niet meer bij hoeven te betalen? Pas uw voorlopige aanslag aan als uw inkomen verandert.
Dat doet u in [Mijn Belastingdienst](https://mijn.belastingdienst.nl).
""",
        ),
        en=Text(
            "Your payment plan is complete",
            "You have paid all 6 instalments of your payment plan. Your assessment for {tax_year} is now paid "
            "in full. You do not have to do anything else.",
            "",
            """We have received the last instalment of your payment plan.

## Overview

- Income tax assessment {tax_year}: €412
- Paid in 6 instalments
- Left to pay: €0

## Tip

Do you want to avoid paying extra in future? Change your provisional assessment when your income changes.
You do this in [My Tax Administration](https://mijn.belastingdienst.nl).
""",
        ),
    ),
    Letter(
        UT, "parkeervergunning-verlengen", "PV-20931-V", 55,
        state="done", due=-25, due_kind="respond", done_after=2,
        nl=Text(
            "Verleng uw parkeervergunning",
            "Uw parkeervergunning loopt bijna af. Verleng hem vóór {deadline}. "
            "Anders mag u daarna niet meer in uw wijk parkeren.",
            "Verleng uw parkeervergunning vóór {deadline} in Mijn Loket.",
            """Uw bewonersvergunning voor parkeren loopt af. Wilt u blijven parkeren in uw wijk? Verleng dan
uw vergunning.

## Zo verlengt u

1. Log in op [Mijn Loket](https://www.utrecht.nl/mijn-loket) met DigiD.
2. Kies "Parkeervergunning verlengen".
3. Controleer uw kenteken en betaal met iDEAL.

## Let op

Verlengt u niet vóór {deadline}? Dan krijgt u een boete als u zonder vergunning parkeert.
""",
        ),
    ),
    Letter(
        CJ, "verkeersboete", "CJIB 7248 1035 6627 3092", 40, due=-3, due_kind="pay",
        nl=Text(
            "Verkeersboete: u reed door rood licht",
            "U reed door rood licht op de Vleutenseweg in Utrecht. De boete is € 290. "
            "Betaal vóór {deadline}.",
            "Betaal € 290 vóór {deadline}. Lukt dat niet? Vraag een betalingsregeling aan.",
            """U krijgt een boete omdat u door rood licht reed. Een camera heeft dit vastgelegd.

## Wat is er gebeurd?

- Plaats: kruising Vleutenseweg en Spinozaweg, Utrecht
- Overtreding: door rood licht rijden
- Boete: € 290

## Hoe betaalt u?

- Betaal vóór {deadline} met iDEAL via [https://www.cjib.nl/betalen](https://www.cjib.nl/betalen).
- Is € 290 te veel om in één keer te betalen? Vraag dan een betalingsregeling aan op
  [https://www.cjib.nl/betalingsregeling](https://www.cjib.nl/betalingsregeling).

Betaalt u niet op tijd? Dan wordt de boete hoger.

## Bent u het er niet mee eens?

Stel binnen 6 weken beroep in. Lees hoe dat werkt op [https://www.cjib.nl/bezwaar](https://www.cjib.nl/bezwaar).
""",
        ),
        en=Text(
            "Traffic fine: you drove through a red light",
            "You drove through a red light on the Vleutenseweg in Utrecht. The fine is €290. "
            "Pay before {deadline}.",
            "Pay €290 before {deadline}. If you cannot, ask for a payment plan.",
            """You are getting a fine because you drove through a red light. A camera recorded this.

## What happened?

- Place: crossing of Vleutenseweg and Spinozaweg, Utrecht
- Offence: driving through a red light
- Fine: €290

## How do you pay?

- Pay before {deadline} with iDEAL at [https://www.cjib.nl/betalen](https://www.cjib.nl/betalen).
- Is €290 too much to pay at once? Then ask for a payment plan at
  [https://www.cjib.nl/betalingsregeling](https://www.cjib.nl/betalingsregeling).

If you do not pay in time, the fine goes up.

## Do you disagree?

Appeal within 6 weeks. Read how at [https://www.cjib.nl/bezwaar](https://www.cjib.nl/bezwaar).
""",
        ),
    ),
    Letter(
        TS, "voorschot-gewijzigd", "{year}-TS-551208-W2", 33,
        nl=Text(
            "Uw voorschot zorgtoeslag verandert",
            "U hebt een hoger inkomen doorgegeven. Daarom krijgt u vanaf 1 {next_month} minder zorgtoeslag: "
            "€ 98 per maand in plaats van € 123.",
            "",
            """Wij hebben uw zorgtoeslag opnieuw berekend met het inkomen dat u hebt doorgegeven.

## Wat verandert er?

- Inkomen: € 31.200 per jaar
- Zorgtoeslag was: € 123 per maand
- Zorgtoeslag wordt: € 98 per maand

U krijgt het nieuwe bedrag vanaf 1 {next_month}. Uw huurtoeslag blijft gelijk.

Bekijk de berekening in [Mijn toeslagen](https://www.toeslagen.nl/mijn-toeslagen).
""",
        ),
        en=Text(
            "Your advance healthcare benefit is changing",
            "You told us about a higher income. So from 1 {next_month} you get less healthcare benefit: "
            "€98 a month instead of €123.",
            "",
            """We have worked out your healthcare benefit again with the income you gave us.

## What changes?

- Income: €31,200 a year
- Healthcare benefit was: €123 a month
- Healthcare benefit will be: €98 a month

You get the new amount from 1 {next_month}. Your housing benefit stays the same.

See the calculation in [My benefits](https://www.toeslagen.nl/mijn-toeslagen).
""",
        ),
    ),
    Letter(
        BD, "voorlopige-aanslag-ib", "{next_year}-VA-31562", 20, state="unread",
        nl=Text(
            "Voorlopige aanslag inkomstenbelasting {next_year}",
            "U krijgt in {next_year} elke maand € 58 van ons, als voorschot op uw belastingteruggave. "
            "Klopt uw inkomen niet? Pas de aanslag dan aan.",
            "",
            """U krijgt een voorlopige aanslag inkomstenbelasting over {next_year}. Wij gaan uit van de gegevens
die u het laatst hebt doorgegeven.

## Hoeveel krijgt u?

- In totaal: € 696 over {next_year}
- Per maand: € 58
- Eerste betaling: in januari {next_year}

## Controleer uw gegevens

Wij gaan uit van een inkomen van € 31.200. Klopt dat niet? Pas uw voorlopige aanslag aan in
[Mijn Belastingdienst](https://mijn.belastingdienst.nl).
""",
        ),
        en=Text(
            "Provisional income tax assessment {next_year}",
            "In {next_year} you get €58 from us every month, as an advance on your tax refund. "
            "Is your income wrong? Then change the assessment.",
            "",
            """You are getting a provisional income tax assessment for {next_year}. It uses the details you gave
us most recently.

## How much do you get?

- In total: €696 for {next_year}
- Per month: €58
- First payment: in January {next_year}

## Check your details

We have used an income of €31,200. Is that wrong? Change your provisional assessment in
[My Tax Administration](https://mijn.belastingdienst.nl).
""",
        ),
    ),
    Letter(
        TS, "informatie-nodig", "{year}-TS-551208-I", 11, due=3, due_kind="send-documents",
        nl=Text(
            "Stuur ons uw huurcontract en huurspecificatie",
            "Wij hebben informatie nodig om uw huurtoeslag te controleren. Stuur uw huurcontract en de "
            "huurspecificatie vóór {deadline}. Anders stoppen wij misschien uw huurtoeslag.",
            "Stuur uw huurcontract en huurspecificatie vóór {deadline} via Mijn toeslagen.",
            """Wij controleren of u de juiste huurtoeslag krijgt. Daarvoor hebben wij informatie van u nodig.

## Wat moet u sturen?

- Uw huurcontract
- De huurspecificatie van dit jaar: het overzicht van uw verhuurder met kale huur en servicekosten

## Hoe stuurt u het?

Upload de documenten vóór {deadline} in [Mijn toeslagen](https://www.toeslagen.nl/mijn-toeslagen). Een foto
met uw telefoon is goed, als alles leesbaar is.

## Wat gebeurt er als u niets stuurt?

Dan kunnen wij uw huurtoeslag stoppen. Misschien moet u dan ook geld terugbetalen.
Lukt het niet op tijd? Bel ons op [0800 0543](tel:08000543).
""",
        ),
        en=Text(
            "Send us your tenancy agreement and rent statement",
            "We need information to check your housing benefit. Send your tenancy agreement and rent statement "
            "before {deadline}. Otherwise we may stop your housing benefit.",
            "Send your tenancy agreement and rent statement through My benefits before {deadline}.",
            """We are checking that you get the right housing benefit. For this we need information from you.

## What must you send?

- Your tenancy agreement
- This year's rent statement: your landlord's overview of basic rent and service charges

## How do you send it?

Upload the documents before {deadline} in [My benefits](https://www.toeslagen.nl/mijn-toeslagen). A photo
taken with your phone is fine, as long as everything can be read.

## What happens if you send nothing?

Then we can stop your housing benefit, and you may have to pay money back.
Can you not make it in time? Call us on [0800 0543](tel:08000543).
""",
        ),
    ),
    Letter(
        UT, "afvalinzameling-gewijzigd", "AF-{year}-52270", 6, state="unread",
        nl=Text(
            "Het oud papier wordt op een andere dag opgehaald",
            "Vanaf volgende maand halen wij het oud papier in uw straat op dinsdag op. "
            "Nu is dat op donderdag. Zet uw papiercontainer vanaf dan op maandagavond buiten.",
            "",
            """Wij veranderen de routes van de vuilniswagens. Daardoor verandert de ophaaldag voor oud papier
in uw straat.

## Wat verandert er?

- Oude ophaaldag: donderdag
- Nieuwe ophaaldag: dinsdag
- Zet uw container op maandagavond na 20.00 uur buiten.

Restafval en gft blijven hetzelfde.

## Afvalkalender

Bekijk alle ophaaldagen op [https://www.utrecht.nl/afvalkalender](https://www.utrecht.nl/afvalkalender).
""",
        ),
    ),
    Letter(
        BD, "rekeningnummer-gewijzigd", "{year}-RN-90054", 4, state="unread",
        nl=Text(
            "Uw rekeningnummer is gewijzigd",
            "Wij betalen voortaan op het nieuwe rekeningnummer dat u hebt doorgegeven. "
            "Hebt u dit niet zelf gedaan? Bel ons dan direct.",
            "Hebt u dit niet zelf gedaan? Bel dan direct 0800 0543.",
            """Op uw verzoek hebben wij uw rekeningnummer gewijzigd.

## Uw nieuwe gegevens

- Nieuw rekeningnummer: eindigt op 4821
- Wij gebruiken dit nummer voor teruggaven en voor toeslagen.

## Hebt u dit niet zelf gedaan?

Misschien probeert iemand uw geld te krijgen. Bel dan direct de BelastingTelefoon:
[0800 0543](tel:08000543). Lees meer over nepberichten op
[https://www.belastingdienst.nl/fraude](https://www.belastingdienst.nl/fraude).
""",
        ),
        en=Text(
            "Your bank account number has been changed",
            "From now on we pay into the new bank account number you gave us. "
            "Did you not do this yourself? Then call us straight away.",
            "Did you not do this yourself? Then call 0800 0543 straight away.",
            """At your request we have changed your bank account number.

## Your new details

- New account number: ends in 4821
- We use this account for tax refunds and benefits.

## Did you not do this yourself?

Someone may be trying to get your money. Call the Tax Information Line straight away:
[0800 0543](tel:08000543). Read more about fake messages at
[https://www.belastingdienst.nl/fraude](https://www.belastingdienst.nl/fraude).
""",
        ),
    ),
    Letter(
        UT, "aanslag-gemeentelijke-belastingen", "{year}-GB-0417720", 2, state="unread",
        due=35, due_kind="pay", pdf="specificatie",
        nl=Text(
            "Aanslag gemeentelijke belastingen en WOZ-waarde",
            "U moet € 497,88 aan gemeentelijke belastingen betalen. Betaal vóór {deadline}, of in 10 termijnen "
            "met automatische incasso. In de bijlage staat de WOZ-waarde van uw woning.",
            "Betaal € 497,88 vóór {deadline}, of geef toestemming voor automatische incasso.",
            """Dit is uw aanslag gemeentelijke belastingen. Ook staat hierin de WOZ-waarde van uw woning.

## Wat betaalt u?

- Afvalstoffenheffing (eenpersoonshuishouden): € 318,36
- Rioolheffing: € 179,52
- Totaal: € 497,88

De specificatie staat in de bijlage.

## Hoe betaalt u?

- In één keer: betaal vóór {deadline} via [https://www.utrecht.nl/betalen](https://www.utrecht.nl/betalen).
- In 10 termijnen: geef toestemming voor automatische incasso in
  [Mijn Loket](https://www.utrecht.nl/mijn-loket).

## Niet eens met de WOZ-waarde of de aanslag?

Maak binnen 6 weken bezwaar via [https://www.utrecht.nl/bezwaar-belastingen](https://www.utrecht.nl/bezwaar-belastingen).
Hebt u een laag inkomen? Misschien hoeft u niet te betalen. Kijk op
[https://www.utrecht.nl/kwijtschelding](https://www.utrecht.nl/kwijtschelding).
""",
        ),
        en=Text(
            "Municipal tax assessment and WOZ value",
            "You have to pay €497.88 in municipal taxes. Pay before {deadline}, or in 10 instalments by direct "
            "debit. The attachment shows the WOZ value of your home.",
            "Pay €497.88 before {deadline}, or give permission for direct debit.",
            """This is your municipal tax assessment. It also shows the WOZ value (official property value) of
your home.

## What do you pay?

- Waste collection charge (one-person household): €318.36
- Sewerage charge: €179.52
- Total: €497.88

The details are in the attachment (in Dutch).

## How do you pay?

- All at once: pay before {deadline} at [https://www.utrecht.nl/betalen](https://www.utrecht.nl/betalen).
- In 10 instalments: give permission for direct debit in [Mijn Loket](https://www.utrecht.nl/mijn-loket).

## Do you disagree with the WOZ value or the assessment?

Object within 6 weeks at [https://www.utrecht.nl/bezwaar-belastingen](https://www.utrecht.nl/bezwaar-belastingen).
Do you have a low income? You may not have to pay. See
[https://www.utrecht.nl/kwijtschelding](https://www.utrecht.nl/kwijtschelding).
""",
        ),
    ),
    Letter(
        TS, "controleer-gegevens", "{next_year}-TS-551208-C", 1, state="unread",
        nl=Text(
            "Controleer uw toeslagen voor {next_year}",
            "Uw toeslagen lopen in {next_year} door. Controleer vóór januari of uw inkomen, huur en "
            "huishouden nog kloppen. Dan krijgt u het juiste bedrag.",
            "Controleer uw gegevens in Mijn toeslagen.",
            """Uw huurtoeslag en zorgtoeslag lopen in {next_year} vanzelf door. Wij gebruiken de gegevens die wij
nu van u hebben.

## Controleer deze gegevens

- Uw inkomen in {next_year}
- Uw huur vanaf 1 januari {next_year}
- Wie er bij u wonen

## Waarom is dit belangrijk?

Kloppen uw gegevens niet? Dan krijgt u misschien te veel toeslag en moet u later geld terugbetalen.
Controleer alles in [Mijn toeslagen](https://www.toeslagen.nl/mijn-toeslagen).
""",
        ),
        en=Text(
            "Check your benefits for {next_year}",
            "Your benefits continue in {next_year}. Before January, check that your income, rent and household "
            "are still right. Then you get the right amount.",
            "Check your details in My benefits.",
            """Your housing benefit and healthcare benefit continue in {next_year} automatically. We use the
details we have about you now.

## Check these details

- Your income in {next_year}
- Your rent from 1 January {next_year}
- Who lives with you

## Why does this matter?

If your details are wrong, you may get too much benefit and have to pay money back later.
Check everything in [My benefits](https://www.toeslagen.nl/mijn-toeslagen).
""",
        ),
    ),
    Letter(
        BD, "verminderingsbeschikking-ib", "{tax_year}-IB-48213-V", 0, hours_ago=3, state="unread",
        nl=Text(
            "U krijgt € 86 terug over {tax_year}",
            "U hebt uw aangifte over {tax_year} aangevuld met zorgkosten. Daardoor betaalt u minder belasting. "
            "U krijgt € 86 terug, binnen 2 weken op uw rekening.",
            "",
            """U hebt ons gevraagd om uw aanslag over {tax_year} te verlagen. U had zorgkosten nog niet
opgegeven. Wij hebben uw verzoek goedgekeurd.

## Wat krijgt u?

- Minder belasting: € 81
- Belastingrente: € 5
- Totaal: € 86

Wij betalen dit binnen 2 weken op uw rekening die eindigt op 4821.

## Vragen?

Kijk op [https://www.belastingdienst.nl/zorgkosten](https://www.belastingdienst.nl/zorgkosten) of bel de
BelastingTelefoon: [0800 0543](tel:08000543).
""",
        ),
        en=Text(
            "You get €86 back for {tax_year}",
            "You added healthcare costs to your tax return for {tax_year}. So you pay less tax. "
            "You get €86 back, in your account within 2 weeks.",
            "",
            """You asked us to lower your assessment for {tax_year}. You had not yet included your healthcare
costs. We have approved your request.

## What do you get?

- Less tax: €81
- Tax interest: €5
- Total: €86

We pay this within 2 weeks into your account ending in 4821.

## Questions?

See [https://www.belastingdienst.nl/zorgkosten](https://www.belastingdienst.nl/zorgkosten) or call the Tax Information
Line: [0800 0543](tel:08000543).
""",
        ),
    ),
]

# ---------------------------------------------------------------------------------------------------------
# Pieter Jansen (buur@example.nl): a few letters of his own, one with an open deadline.
# ---------------------------------------------------------------------------------------------------------

BUUR: list[Letter] = [
    Letter(
        BD, "voorlopige-aanslag-ib", "{year}-VA-66120", 300,
        nl=Text(
            "Voorlopige aanslag inkomstenbelasting {year}",
            "U moet in {year} elke maand € 42 betalen. Dit is een voorschot op uw inkomstenbelasting. "
            "Zo hoeft u na uw aangifte niet in één keer veel te betalen.",
            "Betaal elke maand € 42 vóór de 28e.",
            """U hebt naast uw baan inkomen uit uw eigen bedrijf. Daarover betaalt u nog belasting. Daarom krijgt u
een voorlopige aanslag.

## Wat betaalt u?

- In totaal: € 504 over {year}
- Per maand: € 42, vóór de 28e

## Betalen

Betaal via [https://www.belastingdienst.nl/betalen](https://www.belastingdienst.nl/betalen), of geef toestemming voor
automatische incasso in [Mijn Belastingdienst](https://mijn.belastingdienst.nl).
""",
        ),
        en=Text(
            "Provisional income tax assessment {year}",
            "In {year} you must pay €42 every month. This is an advance on your income tax. "
            "That way you do not have to pay a large amount at once after your tax return.",
            "Pay €42 before the 28th of every month.",
            """Besides your job, you have income from your own business. You still owe tax on it. That is why you
get a provisional assessment.

## What do you pay?

- In total: €504 for {year}
- Per month: €42, before the 28th

## Paying

Pay at [https://www.belastingdienst.nl/betalen](https://www.belastingdienst.nl/betalen), or give permission for direct
debit in [My Tax Administration](https://mijn.belastingdienst.nl).
""",
        ),
    ),
    Letter(
        TS, "voorschotbeschikking", "{year}-TS-602771", 210,
        nl=Text(
            "Uw voorschot zorgtoeslag voor {year}",
            "U krijgt in {year} zorgtoeslag: € 47 per maand. Wij betalen dit vóór de 20e van de maand. "
            "Geef wijzigingen in uw inkomen op tijd door.",
            "",
            """Wij hebben uw voorschot zorgtoeslag voor {year} berekend.

## Wat krijgt u?

- Zorgtoeslag: € 47 per maand
- Wij gaan uit van een inkomen van € 36.900

## Verandert uw inkomen?

Geef dat door in [Mijn toeslagen](https://www.toeslagen.nl/mijn-toeslagen). Dan hoeft u later niets terug
te betalen.
""",
        ),
        en=Text(
            "Your advance healthcare benefit for {year}",
            "In {year} you get healthcare benefit: €47 a month. We pay it before the 20th of each month. "
            "Tell us about changes in your income in time.",
            "",
            """We have worked out your advance healthcare benefit for {year}.

## What do you get?

- Healthcare benefit: €47 a month
- We have used an income of €36,900

## Is your income changing?

Tell us in [My benefits](https://www.toeslagen.nl/mijn-toeslagen). Then you will not have to pay anything
back later.
""",
        ),
    ),
    Letter(
        UT, "identiteitskaart-klaar", "BZ-30518-K", 90,
        nl=Text(
            "Uw identiteitskaart ligt klaar",
            "Uw nieuwe identiteitskaart ligt klaar bij het Stadskantoor. Haal hem binnen 3 maanden op. "
            "Neem uw oude identiteitskaart mee.",
            "Haal uw identiteitskaart binnen 3 maanden op.",
            """Uw nieuwe identiteitskaart is klaar.

## Ophalen

- Waar: Stadskantoor, Stadsplateau 1, Utrecht
- Neem mee: uw oude identiteitskaart
- Een afspraak is niet nodig.

Openingstijden vindt u op [https://www.utrecht.nl/stadskantoor](https://www.utrecht.nl/stadskantoor).
""",
        ),
    ),
    Letter(
        BD, "definitieve-aanslag-ib", "{last_year}-IB-70335-D", 30,
        nl=Text(
            "Definitieve aanslag inkomstenbelasting {last_year}",
            "Wij hebben uw inkomstenbelasting over {last_year} berekend. U krijgt € 214 terug. "
            "Wij betalen dit binnen 2 weken.",
            "",
            """Wij hebben uw aangifte over {last_year} gecontroleerd en goedgekeurd.

## De uitkomst

- Belasting over uw inkomen: € 6.902
- Al betaald: € 7.116
- U krijgt terug: € 214

Wij betalen dit binnen 2 weken op uw rekening. Bekijk de berekening in
[Mijn Belastingdienst](https://mijn.belastingdienst.nl).
""",
        ),
        en=Text(
            "Final income tax assessment {last_year}",
            "We have worked out your income tax for {last_year}. You get €214 back. "
            "We pay this within 2 weeks.",
            "",
            """We have checked and approved your tax return for {last_year}.

## The result

- Tax on your income: €6,902
- Already paid: €7,116
- You get back: €214

We pay this into your account within 2 weeks. See the calculation in
[My Tax Administration](https://mijn.belastingdienst.nl).
""",
        ),
    ),
    Letter(
        UT, "aanslag-gemeentelijke-belastingen", "{year}-GB-0422981", 3, state="unread",
        due=25, due_kind="pay",
        nl=Text(
            "Aanslag gemeentelijke belastingen {year}",
            "U moet € 1.084,17 aan gemeentelijke belastingen betalen. Dit is voor uw koopwoning. "
            "Betaal vóór {deadline}, of in 10 termijnen.",
            "Betaal € 1.084,17 vóór {deadline}.",
            """Dit is uw aanslag gemeentelijke belastingen.

## Wat betaalt u?

- Onroerendezaakbelasting (eigenaar): € 341,19
- Afvalstoffenheffing (meerpersoonshuishouden): € 424,56
- Rioolheffing: € 318,42
- Totaal: € 1.084,17

## Hoe betaalt u?

Betaal vóór {deadline} via [https://www.utrecht.nl/betalen](https://www.utrecht.nl/betalen), of kies automatische
incasso in [Mijn Loket](https://www.utrecht.nl/mijn-loket).
""",
        ),
        en=Text(
            "Municipal tax assessment {year}",
            "You have to pay €1,084.17 in municipal taxes. This is for the home you own. "
            "Pay before {deadline}, or in 10 instalments.",
            "Pay €1,084.17 before {deadline}.",
            """This is your municipal tax assessment.

## What do you pay?

- Property tax (owner): €341.19
- Waste collection charge (household of more than one): €424.56
- Sewerage charge: €318.42
- Total: €1,084.17

## How do you pay?

Pay before {deadline} at [https://www.utrecht.nl/betalen](https://www.utrecht.nl/betalen), or choose direct debit in
[Mijn Loket](https://www.utrecht.nl/mijn-loket).
""",
        ),
    ),
]

# ---------------------------------------------------------------------------------------------------------
# PDF attachments: whole HTML documents in Dutch, rendered to tagged PDF/UA at seeding time.
# ---------------------------------------------------------------------------------------------------------

_STYLE = """<style>
@page { size: A4; margin: 2cm; font-family: "DejaVu Sans", sans-serif; font-size: 9pt; }
html { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.4; }
h1 { font-size: 16pt; margin: 0 0 0.5em; }
h2 { font-size: 12pt; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border-bottom: 1px solid #999; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
td.bedrag, th.bedrag { text-align: right; }
tfoot td, tfoot th { font-weight: bold; border-bottom: 2px solid #000; }
</style>"""

PDFS: dict[str, Pdf] = {
    "specificatie": Pdf(
        "specificatie-aanslag-{year}.pdf",
        """<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><title>Specificatie aanslag gemeentelijke belastingen {year}</title>
""" + _STYLE + """</head>
<body>
<h1>Specificatie aanslag gemeentelijke belastingen {year}</h1>
<p>Gemeente Utrecht, afdeling Belastingen<br>Aanslagnummer: {reference}</p>
<h2>Belastingen</h2>
<table>
<caption>Bedragen op deze aanslag</caption>
<thead>
<tr><th scope="col">Belasting</th><th scope="col">Grondslag</th><th scope="col" class="bedrag">Bedrag</th></tr>
</thead>
<tbody>
<tr><th scope="row">Afvalstoffenheffing</th><td>Eenpersoonshuishouden</td><td class="bedrag">€ 318,36</td></tr>
<tr><th scope="row">Rioolheffing</th><td>Gebruiker van een woning</td><td class="bedrag">€ 179,52</td></tr>
</tbody>
<tfoot><tr><th scope="row">Totaal</th><td></td><td class="bedrag">€ 497,88</td></tr></tfoot>
</table>
<h2>WOZ-beschikking</h2>
<table>
<caption>WOZ-waarde van uw woning</caption>
<tbody>
<tr><th scope="row">Adres</th><td>Lange Nieuwstraat 41 bis, 3512 PE Utrecht</td></tr>
<tr><th scope="row">Waardepeildatum</th><td>1 januari {last_year}</td></tr>
<tr><th scope="row">WOZ-waarde</th><td>€ 287.000</td></tr>
</tbody>
</table>
<h2>Betalen</h2>
<p>Betaal het totaal vóór {deadline}. Of betaal in 10 termijnen met automatische incasso.
Geef daarvoor toestemming in Mijn Loket op www.utrecht.nl/mijn-loket.</p>
<h2>Bezwaar</h2>
<p>Bent u het niet eens met de WOZ-waarde of met deze aanslag? Maak dan binnen 6 weken bezwaar
op www.utrecht.nl/bezwaar-belastingen. Betaal intussen wel op tijd.</p>
</body>
</html>
""",
    ),
    "betalingsregeling": Pdf(
        "betalingsregeling-{tax_year}.pdf",
        """<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><title>Overzicht betalingsregeling inkomstenbelasting {tax_year}</title>
""" + _STYLE + """</head>
<body>
<h1>Overzicht betalingsregeling inkomstenbelasting {tax_year}</h1>
<p>Belastingdienst<br>Aanslagnummer: {reference}</p>
<p>U betaalt de aanslag van € 412,00 in 6 termijnen. Betaal elke termijn op tijd.
Mist u een termijn? Dan stopt de regeling en moet u alles in één keer betalen.</p>
<table>
<caption>Uw termijnen</caption>
<thead>
<tr><th scope="col">Termijn</th><th scope="col">Betaal vóór</th><th scope="col" class="bedrag">Bedrag</th></tr>
</thead>
<tbody>
<tr><th scope="row">1</th><td>{m1}</td><td class="bedrag">€ 68,67</td></tr>
<tr><th scope="row">2</th><td>{m2}</td><td class="bedrag">€ 68,67</td></tr>
<tr><th scope="row">3</th><td>{m3}</td><td class="bedrag">€ 68,67</td></tr>
<tr><th scope="row">4</th><td>{m4}</td><td class="bedrag">€ 68,67</td></tr>
<tr><th scope="row">5</th><td>{m5}</td><td class="bedrag">€ 68,67</td></tr>
<tr><th scope="row">6</th><td>{m6}</td><td class="bedrag">€ 68,65</td></tr>
</tbody>
<tfoot><tr><th scope="row">Totaal</th><td></td><td class="bedrag">€ 412,00</td></tr></tfoot>
</table>
<h2>Zo betaalt u</h2>
<p>Betaal via www.belastingdienst.nl/betalen. Vermeld altijd het betalingskenmerk uit het bericht.</p>
</body>
</html>
""",
    ),
}
