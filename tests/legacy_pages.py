"""Blog-comment pages in languages of Europe, each saved in the legacy code pages its writers used.

The texts are our own: a post, then readers' comments each ending in a signature line such as
``Petr Dvořák on May 12, 2009 at 8:14 AM``. Each language has a full page (four comments, the
language's letters all over) and a short one (two comments, a handful of its own letters).
"""

from __future__ import annotations

from dataclasses import dataclass

#: typography a code page may lack, as people typed it there
_ASCII_TYPOGRAPHY = str.maketrans({"„": '"', "“": '"', "”": '"', "’": "'", "–": "-", "…": "..."})


@dataclass(frozen=True)
class Sample:
    """One page: its language, the code pages it was saved in, its post and its comments."""

    name: str
    code_pages: tuple[str, ...]
    title: str
    author: str
    date: str
    body: str
    comments: tuple[tuple[str, str, str], ...]  # text, signature name, time

    def text(self, code_page: str) -> str:
        """The page's text as saved in ``code_page``: typography it lacks typed in ASCII."""
        parts = [self.title, "", f"posted at 7:40 am on {self.date} by {self.author}", ""]
        parts += [self.body, "", f"{len(self.comments)} Comments", ""]
        for text, name, time in self.comments:
            parts += [text, "", f"{name} on {self.date} at {time}", ""]
        page = "\n".join(parts)
        try:
            page.encode(code_page)
        except UnicodeEncodeError:
            page = page.translate(_ASCII_TYPOGRAPHY)
        page.encode(code_page)  # every letter must be there
        return page


CENTRAL = ("cp1250", "iso-8859-2")
BALTIC = ("cp1257", "iso-8859-13")
TURKISH = ("cp1254", "iso-8859-9")
WESTERN = ("cp1252", "latin-1")

SAMPLES = [
    Sample(
        "czech", CENTRAL,
        "Oprava mostu přes Labe se zase odkládá", "Lenka Procházková", "May 12, 2009",
        "Radnice dnes oznámila, že oprava starého mostu začne nejdříve v září. Firma, která "
        "vyhrála soutěž, prý nedodala všechny potřebné dokumenty a úředníci je teď musí znovu "
        "zkontrolovat.",
        (
            ("To je přesně to, co jsem čekal. Každý rok slibují opravu a nic se neděje. Most se "
             "už třese, když přes něj jede autobus.", "Petr Dvořák", "8:14 AM"),
            ("Řekla bych, že chyba není ve firmě, ale na úřadě. Sousedka tam pracuje a říká, že "
             "papíry leží na stole od ledna.", "Jana Horáková", "9:02 AM"),
            ("Hlavně ať to nezavřou na celé léto, to bychom museli jezdit objížďkou přes "
             "Poděbrady. Díky za článek.", "Tomáš Černý", "10:47 AM"),
            ("Ještě že máme ten přívoz. Loni v srpnu jsem na něm jel s kolem a bylo to docela "
             "příjemné – jen ať ho „kvůli mostu“ nezdraží.", "Ondřej Šťastný", "11:30 AM"),
        ),
    ),
    Sample(
        "czech-short", CENTRAL,
        "Fotky z výletu", "Pavel Malý", "August 3, 2008",
        "Tady jsou fotky ze sobotního výletu na hrad. Počasí bylo krásné.",
        (
            ("Moc hezké fotky, díky za ně!", "Eva K.", "6:05 PM"),
            ("Ten hrad znám, byli jsme tam loni s dětmi.", "Karel", "9:48 PM"),
        ),
    ),
    Sample(
        "polish", CENTRAL,
        "Nowy rozkład jazdy od poniedziałku", "Katarzyna Wójcik", "June 3, 2010",
        "Od poniedziałku zmienia się rozkład jazdy linii 12 i 15. Autobusy będą kursować "
        "rzadziej w weekendy, za to w tygodniu dojdą dwa kursy poranne.",
        (
            ("Świetnie, czyli w sobotę znowu będę stał pół godziny na przystanku. Kto to "
             "wymyślił?", "Marek Zieliński", "8:20 AM"),
            ("Mnie to akurat pasuje, bo jeżdżę do pracy przed szóstą. Wreszcie nie muszę brać "
             "samochodu.", "Agnieszka Łukasik", "8:51 AM"),
            ("Czy ktoś wie, czy zmiany dotyczą też linii nocnej? Na stronie przewoźnika nic o "
             "tym nie piszą.", "Paweł Krzyżanowski", "12:09 PM"),
            ("Źle to wygląda dla ludzi z „Słonecznego” – tam i tak jeździ jeden autobus na "
             "godzinę.", "Grażyna Nowak", "3:33 PM"),
        ),
    ),
    Sample(
        "polish-short", CENTRAL,
        "Zdjęcia z koncertu", "Tomek", "July 19, 2011",
        "Wrzucam kilka zdjęć z wczorajszego koncertu w parku.",
        (
            ("Super, dzięki!", "Ola", "10:12 AM"),
            ("Byłem tam, było bardzo fajnie.", "Kuba", "11:40 AM"),
        ),
    ),
    Sample(
        "hungarian", CENTRAL,
        "Hétvégén újra lezárják a rakpartot", "Szabó Eszter", "April 24, 2009",
        "A fővárosi közlekedési központ bejelentette, hogy szombaton és vasárnap ismét "
        "lezárják a pesti rakpartot az autók elől, így a gyalogosok és a biciklisek birtokba "
        "vehetik.",
        (
            ("Végre! Tavaly nyáron is nagyon jó volt, a gyerekekkel egész délután ott "
             "bicikliztünk.", "Kovács Péter", "9:15 AM"),
            ("Szerintem ez csak a belvárosiaknak jó. Aki Budáról jár át autóval, az két órát "
             "fog dugóban ülni.", "Nagy Zoltán", "9:44 AM"),
            ("Köszönöm a cikket, nagyon hasznos. Remélem, jövő héten is lesz ilyen, ha nem lesz "
             "túl hűvös az idő.", "Tóth Anna", "1:27 PM"),
            ("Egyetértek Zoltánnal. Múlt hétvégén negyven percig álltunk a hídon, a busz sem "
             "jött időben.", "Fűzfa Gergő", "5:02 PM"),
        ),
    ),
    Sample(
        "hungarian-short", CENTRAL,
        "Új pékség nyílt a sarkon", "Molnár Judit", "October 7, 2010",
        "Kipróbáltuk az új pékséget a Fő utcában. A kakaós csiga nagyon finom.",
        (
            ("Holnap megyek, köszi a tippet!", "Bence", "8:30 AM"),
            ("Ott voltam reggel, a kifli is jó.", "Kata", "11:02 AM"),
        ),
    ),
    Sample(
        "lithuanian", BALTIC,
        "Savaitgalį uždaromas Gedimino prospektas", "Rasa Jankauskienė", "May 28, 2010",
        "Savivaldybė pranešė, kad šį savaitgalį Gedimino prospektas bus uždarytas eismui. "
        "Vyks miesto šventė, todėl autobusai važiuos kitomis gatvėmis.",
        (
            ("Labai gerai, pagaliau bus galima ramiai pasivaikščioti su vaikais. Ačiū už "
             "informaciją.", "Tomas Kazlauskas", "10:03 AM"),
            ("O kaip tie, kurie gyvena centre ir turi automobilį? Niekas apie mus negalvoja.",
             "Rūta Petrauskienė", "10:26 AM"),
            ("Pernai šventė buvo puiki, tikiuosi ir šiemet nelis. Ateisime visa šeima su "
             "močiute.", "Jonas Žukauskas", "2:14 PM"),
            ("Ar tiesa, kad prie upės vėl sodins „ąžuolų alėją“? Girdėjau per radiją, bet "
             "nesupratau, kada.", "Eglė Vaitkutė", "6:58 PM"),
        ),
    ),
    Sample(
        "lithuanian-short", BALTIC,
        "Nuotraukos iš kelionės", "Mindaugas", "September 14, 2009",
        "Sveiki, įkėliau kelias nuotraukas iš kelionės prie jūros.",
        (
            ("Labai gražu!", "Lina", "7:45 PM"),
            ("Kada kitas kartas?", "Darius", "8:10 PM"),
        ),
    ),
    Sample(
        "latvian", BALTIC,
        "Akmens tiltu atkal remontēs", "Inese Liepiņa", "March 9, 2011",
        "Rīgas dome paziņoja, ka no nākamās nedēļas sāksies Akmens tilta remonts. Satiksme būs "
        "ierobežota vismaz divus mēnešus, un sabiedriskais transports kursēs pa apvedceļu.",
        (
            ("Atkal! Pagājušajā gadā tieši tāpat bija ar „Vanšu tiltu“. Vai tiešām nevar plānot "
             "labāk?", "Jānis Bērziņš", "8:02 AM"),
            ("Paldies par ziņu. Man katru dienu jābrauc uz darbu pāri Daugavai, tagad būs "
             "jāceļas stundu agrāk.", "Ilze Kalniņa", "8:37 AM"),
            ("Labi, ka vismaz gājējiem tilts paliks atvērts. Mūsu ģimene to izmanto katru "
             "vakaru, ļoti ceru, ka līdz vasarai viss būs gatavs.", "Kārlis Ozols", "12:15 PM"),
            ("Vai kāds zina, vai tramvajs arī mainīs maršrutu? Ķīpsalā par to neviens neko nav "
             "teicis.", "Dace Krūmiņa", "4:48 PM"),
        ),
    ),
    Sample(
        "latvian-short", BALTIC,
        "Bildes no pārgājiena", "Edgars", "June 21, 2012",
        "Ieliku dažas bildes no sestdienas pārgājiena gar jūru.",
        (
            ("Skaisti, paldies!", "Laura", "9:12 PM"),
            ("Nākamreiz arī nākšu līdzi.", "Artis", "10:01 PM"),
        ),
    ),
    Sample(
        "turkish", TURKISH,
        "Vapur seferleri hafta sonu iptal", "Zeynep Kaya", "January 16, 2010",
        "Şehir Hatları, fırtına uyarısı nedeniyle cumartesi ve pazar günkü bütün vapur "
        "seferlerini iptal ettiğini açıkladı. Yolculara Marmaray'ı kullanmaları öneriliyor.",
        (
            ("Her kış aynı şey oluyor. Karşıya geçmek için iki saat yolda kalıyoruz, artık "
             "alıştık.", "Mehmet Yılmaz", "9:05 AM"),
            ("Bence doğru bir karar. Geçen yıl dalgalar iskeleyi aşmıştı, kimsenin canı "
             "tehlikeye girmesin.", "Ayşe Demir", "9:40 AM"),
            ("Haberi paylaştığınız için teşekkürler. Pazartesi sabahki seferler de iptal mi, "
             "bilen var mı?", "Emre Çelik", "11:18 AM"),
            ("İskelede bekleyenlere kimse haber vermemiş, yarım saat boşuna durduk.",
             "Hakan Öztürk", "1:52 PM"),
        ),
    ),
    Sample(
        "turkish-short", TURKISH,
        "Yeni kafe açıldı", "Selin", "May 5, 2012",
        "Sahildeki yeni kafeye gittik, kahveleri gerçekten iyi.",
        (
            ("Katılıyorum, fiyatlar da uygun.", "Burak", "4:20 PM"),
            ("Yarın gidelim o zaman!", "Deniz", "5:03 PM"),
        ),
    ),
    Sample(
        "turkish-dotless-i-only", TURKISH,
        "Toplantı", "Murat", "February 2, 2011",
        "Yarın saat altıda toplantı var, herkes gelsin.",
        (
            ("Tamam, katılırım.", "Can", "1:10 PM"),
            ("Ben de katılırım ama biraz geç kalırım.", "Elif", "2:45 PM"),
        ),
    ),
    # Western pages, which must stay Windows-1252 as they always were
    Sample(
        "german", WESTERN,
        "Fähre fährt im Winter seltener", "Jürgen Weiß", "November 2, 2009",
        "Ab Montag fährt die Fähre über die Förde nur noch stündlich. Die Gemeinde begründet "
        "das mit gestiegenen Kosten für Personal und Diesel.",
        (
            ("Das ist ärgerlich für alle, die früh zur Arbeit müssen. Um 6 Uhr wäre die halbe "
             "Stunde Unterschied schon wichtig.", "Sabine Müller", "7:58 AM"),
            ("Ich finde es verständlich. Im Januar saß ich fast allein auf dem Schiff.",
             "Klaus Größer", "9:12 AM"),
            ("Gibt es schon einen neuen Fahrplan zum Herunterladen? Auf der Webseite steht "
             "noch der alte.", "Anke Schröder", "12:30 PM"),
        ),
    ),
    Sample(
        "german-short", WESTERN,
        "Neues Café am Markt", "Tim", "May 2, 2011",
        "Heute hat das neue Café am Marktplatz eröffnet.",
        (("Schön, das probiere ich aus!", "Lea", "3:10 PM"), ("Der Kuchen ist gut.", "Ole",
                                                             "4:45 PM")),
    ),
    Sample(
        "french", WESTERN,
        "Le marché du samedi déménage", "Hélène Lefèvre", "September 18, 2010",
        "À partir du mois prochain, le marché du samedi quittera la place de l'église pour "
        "s'installer sur le quai. La mairie évoque des travaux de voirie.",
        (
            ("Quelle bonne idée ! Sur le quai, il y aura enfin de la place pour se garer et "
             "les enfants pourront voir les bateaux.", "François Dubois", "10:05 AM"),
            ("Je ne suis pas d'accord : les personnes âgées du centre-ville devront marcher "
             "beaucoup plus loin. Ça n'a pas été pensé.", "Cécile Moreau", "11:22 AM"),
            ("Le fromager m'a dit qu'il ne viendrait peut-être plus. Dommage, ses crêpes "
             "étaient les meilleures.", "Noël Garçon", "2:40 PM"),
        ),
    ),
    Sample(
        "spanish", WESTERN,
        "El ayuntamiento cierra la piscina municipal", "Begoña Martín", "July 8, 2010",
        "La piscina municipal permanecerá cerrada durante todo el verano por una avería en la "
        "depuradora, según informó ayer el concejal de deportes.",
        (
            ("¿Todo el verano? Es increíble. Mis hijos iban cada tarde y ahora no sé qué "
             "haremos en agosto.", "José Ramírez", "9:30 AM"),
            ("Llevan años sin invertir un euro en mantenimiento. Lo raro es que no se haya "
             "roto antes.", "Lucía Fernández", "10:14 AM"),
            ("¡Qué pena! Al menos podrían abrir la de la escuela por las mañanas.",
             "Íñigo Peña", "6:01 PM"),
        ),
    ),
    Sample(
        "danish", WESTERN,
        "Færgen til øen aflyses i weekenden", "Søren Mølgaard", "February 11, 2011",
        "På grund af storm aflyses alle afgange til øen lørdag og søndag. Rederiet forventer "
        "at sejle igen mandag morgen.",
        (
            ("Det er tredje gang i år. Vi på øen må bare vente, og butikken løber tør for mælk.",
             "Birgitte Kjær", "8:45 AM"),
            ("Sikkerheden går forud. Jeg så bølgerne ved havnen i går, det var voldsomt.",
             "Jørgen Løkke", "9:30 AM"),
        ),
    ),
    Sample(
        "swedish", WESTERN,
        "Ny cykelbana längs ån", "Åsa Lindström", "April 4, 2012",
        "Kommunen bygger en ny cykelbana längs ån. Arbetet börjar i maj och ska vara klart "
        "före hösten.",
        (
            ("Äntligen! Jag cyklar där varje dag och det är livsfarligt när bilarna kör förbi.",
             "Göran Björk", "7:15 AM"),
            ("Hoppas att de inte fäller de gamla träden vid bron.", "Märta Öberg", "8:02 AM"),
        ),
    ),
    Sample(
        "norwegian", WESTERN,
        "Bybrua stenges for biler", "Øystein Aas", "October 22, 2010",
        "Fra neste uke blir bybrua stengt for biltrafikk. Fotgjengere og syklister kan "
        "fortsatt bruke den.",
        (
            ("Bra for oss som går til jobben. Det blir mye roligere på kaia.", "Kari Nygård",
             "8:11 AM"),
            ("Men hva med bussen? Den må kjøre en lang omvei nå, så ungene kommer for sent.",
             "Pål Sæther", "10:40 AM"),
        ),
    ),
    Sample(
        "icelandic", WESTERN,
        "Ferjan siglir ekki í dag", "Þórunn Sigurðardóttir", "December 1, 2010",
        "Vegna veðurs fellur niður ferð ferjunnar til Vestmannaeyja í dag. Næsta ferð verður "
        "á morgun ef veður leyfir.",
        (
            ("Takk fyrir þetta. Ég var á bryggjunni í gær og það var mjög hvasst.",
             "Guðmundur Jónsson", "9:20 AM"),
            ("Það er gott að vita þetta tímanlega, við ætluðum að fara með bílinn.",
             "Sigríður Ólafsdóttir", "11:05 AM"),
        ),
    ),
    Sample(
        "dutch", WESTERN,
        "Nieuwe fietsbrug over de Schelde", "Geert Jansen", "March 15, 2011",
        "De provincie heeft de plannen voor een nieuwe fietsbrug goedgekeurd. Volgens de "
        "gedeputeerde zou de brug over twee jaar klaar zijn, maar er is nog geen aannemer.",
        (
            ("Eindelijk! Nu moet ik elke dag met de pont, en die vaart 's avonds maar één keer "
             "per uur.", "Anneke de Vries", "8:25 AM"),
            ("Leuk idee, maar wie betaalt het? Vorig jaar was er ook geen geld voor de "
             "reünie van het oude veer.", "Joëlle Peeters", "1:15 PM"),
        ),
    ),
    Sample(
        "portuguese", WESTERN,
        "Obras na ponte começam em março", "João Conceição", "January 27, 2011",
        "A câmara municipal anunciou que as obras de reparação da ponte velha começam em "
        "março e devem durar seis meses. O trânsito será desviado pela estrada nacional.",
        (
            ("Já não era sem tempo. A ponte está em péssimo estado há anos, e ninguém fazia "
             "nada.", "Maria Gonçalves", "9:12 AM"),
            ("E os autocarros? Os horários vão mudar? Não há informação nenhuma no site da "
             "câmara.", "António Simões", "10:48 AM"),
        ),
    ),
]  # fmt: skip


def legacy_cases() -> list[tuple[Sample, str]]:
    """Every sample in every code page it was saved in."""
    return [(sample, code_page) for sample in SAMPLES for code_page in sample.code_pages]
