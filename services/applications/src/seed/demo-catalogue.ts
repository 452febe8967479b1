import type { DemoServiceSlug } from '@buergeramt/contracts';
import type { CreateServiceDto } from '../catalogue/dto/catalogue.dto';

type Doc = { de: string; en: string; online?: boolean };
const doc = (de: string, en: string, online = false): Doc => ({ de, en, online });

const ID_PHOTO = doc('Aktuelles biometrisches Passbild', 'Current biometric passport photo');
const OLD_ID = doc('Bisheriger Ausweis oder Reisepass', 'Previous identity card or passport');
const ID_CARD = doc('Personalausweis oder Reisepass', 'Identity card or passport');

interface DemoService extends Omit<CreateServiceDto, 'requiredDocuments' | 'slug'> {
  slug: DemoServiceSlug;
  docs: Doc[];
}

/**
 * The demo catalogue of Esslingen am Neckar (DEMO_SEED=true): real Bürgeramt services with honest texts.
 * Fees are the federal or Baden-Württemberg fees where they are fixed (as of 2025); where the city's fee
 * schedule decides, the text says "laut Gebührenordnung". LeiKa keys are left empty rather than guessed.
 * The cost models of the services residents can apply for online are illustrative demo values (minutes per
 * case and channel, 58 € per staff hour), not measurements: a city sets its own (decision §29).
 */
export const DEMO_SERVICES: DemoService[] = [
  {
    slug: 'personalausweis',
    name: { de: 'Personalausweis beantragen', en: 'Apply for an identity card' },
    summary: {
      de: 'Neuen Personalausweis beantragen, z. B. weil der alte abläuft oder verloren ging.',
      en: 'Apply for a new German identity card, e.g. because the old one expires or was lost.',
    },
    description: {
      de: 'Den Personalausweis beantragen Sie persönlich im Bürgeramt, weil Fingerabdrücke genommen werden und Sie unterschreiben. Das Passbild muss seit Mai 2025 digital erstellt werden (im Bürgeramt oder bei einem zertifizierten Fotostudio). Ab 24 Jahren ist der Ausweis 10 Jahre gültig, darunter 6 Jahre. Die Herstellung bei der Bundesdruckerei dauert in der Regel zwei bis vier Wochen; Sie erhalten eine Nachricht, wenn Sie ihn abholen können.',
      en: "You apply for the identity card in person at the citizens' office, because fingerprints are taken and you sign. Since May 2025 the photo must be taken digitally (at the office or at a certified photo studio). From age 24 the card is valid for 10 years, below that for 6 years. Production at the Federal Printing Office usually takes two to four weeks; you are notified when you can collect it.",
    },
    synonyms: ['Perso', 'Ausweis', 'Personalausweis', 'ID card', 'identity card', 'eID'],
    feeAmount: 46,
    feeText: {
      de: '46,00 € (ab 24 Jahren), 22,80 € (unter 24 Jahren); Passbild im Bürgeramt 6,00 €',
      en: '€46.00 (aged 24 and over), €22.80 (under 24); photo taken at the office €6.00',
    },
    docs: [
      OLD_ID,
      doc(
        'Geburts- oder Heiratsurkunde, falls kein Ausweisdokument vorliegt',
        'Birth or marriage certificate if you have no ID document',
      ),
    ],
    processingDays: 20,
    appointmentRequired: true,
    onlineApplication: false,
  },
  {
    slug: 'reisepass',
    name: { de: 'Reisepass beantragen', en: 'Apply for a passport' },
    summary: {
      de: 'Elektronischen Reisepass für Reisen in Länder beantragen, die einen Pass verlangen.',
      en: 'Apply for an electronic passport for travel to countries that require one.',
    },
    description: {
      de: 'Den Reisepass beantragen Sie persönlich im Bürgeramt (Fingerabdrücke, Unterschrift, digitales Passbild). Ab 24 Jahren ist er 10 Jahre gültig, darunter 6 Jahre. Die Herstellung dauert meist drei bis sechs Wochen; ein Expresspass ist gegen Aufpreis in wenigen Werktagen möglich. Für dringende Reisen kann ein vorläufiger Reisepass ausgestellt werden, den nicht jedes Land anerkennt.',
      en: 'You apply for the passport in person (fingerprints, signature, digital photo). From age 24 it is valid for 10 years, below that for 6 years. Production usually takes three to six weeks; an express passport is available for an extra fee within a few working days. For urgent travel a temporary passport can be issued, which not every country accepts.',
    },
    synonyms: ['Pass', 'Reisepass', 'passport', 'ePass', 'Expresspass'],
    feeAmount: 70,
    feeText: {
      de: '70,00 € (ab 24 Jahren), 37,50 € (unter 24 Jahren); Express-Zuschlag 32,00 €',
      en: '€70.00 (aged 24 and over), €37.50 (under 24); express surcharge €32.00',
    },
    docs: [OLD_ID],
    processingDays: 25,
    appointmentRequired: true,
    onlineApplication: false,
  },
  {
    slug: 'kinderreisepass',
    name: {
      de: 'Ausweisdokumente für Kinder (früher Kinderreisepass)',
      en: "ID documents for children (formerly children's passport)",
    },
    summary: {
      de: 'Seit 1. Januar 2024 gibt es keinen Kinderreisepass mehr: Kinder erhalten Personalausweis oder Reisepass.',
      en: "Since 1 January 2024 children's passports are no longer issued: children get an identity card or passport.",
    },
    description: {
      de: 'Kinderreisepässe werden seit dem 1. Januar 2024 weder neu ausgestellt noch verlängert; bereits ausgestellte bleiben bis zu ihrem Ablaufdatum gültig. Für Kinder beantragen Sie stattdessen einen Personalausweis oder Reisepass (6 Jahre gültig). Das Kind muss dabei sein; beide Sorgeberechtigten müssen zustimmen (schriftliche Einverständniserklärung und Ausweiskopie, wenn nur ein Elternteil kommt).',
      en: "Children's passports have been neither issued nor extended since 1 January 2024; existing ones stay valid until they expire. Instead, apply for an identity card or passport for your child (valid for 6 years). The child must come along; both holders of parental custody must consent (written consent and a copy of the other parent's ID if only one parent comes).",
    },
    synonyms: ['Kinderpass', 'Kinderreisepass', 'Kinderausweis', 'children passport'],
    feeAmount: null,
    feeText: {
      de: 'Personalausweis unter 24 Jahren 22,80 €, Reisepass unter 24 Jahren 37,50 €',
      en: 'Identity card under 24: €22.80; passport under 24: €37.50',
    },
    docs: [
      doc('Geburtsurkunde des Kindes', "The child's birth certificate"),
      doc('Einverständnis beider Sorgeberechtigten', 'Consent of both holders of parental custody'),
    ],
    processingDays: 20,
    appointmentRequired: true,
    onlineApplication: false,
  },
  {
    slug: 'wohnsitz-anmelden',
    name: { de: 'Wohnsitz anmelden', en: 'Register your address' },
    summary: {
      de: 'Nach einem Umzug nach Esslingen oder innerhalb der Stadt den neuen Wohnsitz anmelden.',
      en: 'Register your new address after moving to Esslingen or within the city.',
    },
    description: {
      de: 'Wer eine Wohnung bezieht, muss sich innerhalb von zwei Wochen anmelden (Bundesmeldegesetz). Dafür brauchen Sie die Wohnungsgeberbestätigung Ihres Vermieters und einen Ausweis aller Personen, die mit umziehen. Die Adresse im Personalausweis wird dabei aktualisiert. Eine Abmeldung am alten Wohnort innerhalb Deutschlands ist nicht nötig.',
      en: "Anyone moving into a flat must register within two weeks (Federal Registration Act). You need the landlord's confirmation (Wohnungsgeberbestätigung) and the ID of everyone moving. The address in your identity card is updated. There is no need to deregister at your previous address within Germany.",
    },
    synonyms: ['Ummeldung', 'Anmeldung', 'Umzug', 'Wohnungsanmeldung', 'registration', 'Anmeldebestätigung'],
    feeAmount: 0,
    feeText: { de: 'gebührenfrei', en: 'free of charge' },
    docs: [doc('Wohnungsgeberbestätigung', "Landlord's confirmation (Wohnungsgeberbestätigung)"), ID_CARD],
    processingDays: 0,
    appointmentRequired: true,
    onlineApplication: false,
  },
  {
    slug: 'wohnsitz-abmelden',
    name: { de: 'Wohnsitz abmelden', en: 'Deregister your address' },
    summary: {
      de: 'Abmelden, wenn Sie ins Ausland ziehen oder eine Nebenwohnung aufgeben.',
      en: 'Deregister when you move abroad or give up a secondary residence.',
    },
    description: {
      de: 'Eine Abmeldung ist nur nötig, wenn Sie ins Ausland ziehen oder eine Nebenwohnung aufgeben, ohne eine neue Wohnung in Deutschland zu beziehen. Sie ist frühestens eine Woche vor dem Auszug und spätestens zwei Wochen danach möglich, auch schriftlich mit Unterschrift und Ausweiskopie.',
      en: 'Deregistration is only needed when you move abroad or give up a secondary residence without moving into another flat in Germany. It is possible from one week before to two weeks after moving out, also in writing with your signature and a copy of your ID.',
    },
    synonyms: ['Abmeldung', 'Wegzug', 'Auslandsumzug', 'deregistration'],
    feeAmount: 0,
    feeText: { de: 'gebührenfrei', en: 'free of charge' },
    docs: [ID_CARD],
    processingDays: 0,
    appointmentRequired: true,
    onlineApplication: false,
  },
  {
    slug: 'meldebescheinigung',
    name: { de: 'Meldebescheinigung', en: 'Certificate of registration' },
    summary: {
      de: 'Bescheinigung über Ihre gemeldete Adresse, z. B. für Behörden, Arbeitgeber oder Banken.',
      en: 'Certificate of your registered address, e.g. for authorities, employers or banks.',
    },
    description: {
      de: 'Die Meldebescheinigung bestätigt, unter welcher Adresse Sie gemeldet sind. Die einfache Bescheinigung enthält Name, Geburtsdatum und Anschrift; die erweiterte auch frühere Adressen oder Familienstand, wenn Sie das angeben. Sie können sie online beantragen und erhalten sie als elektronisches Dokument in Ihrem Postfach.',
      en: 'The certificate confirms the address at which you are registered. The simple certificate shows name, date of birth and address; the extended one also previous addresses or marital status if you choose so. You can apply online and receive it as an electronic document in your inbox.',
    },
    synonyms: [
      'Meldebestätigung',
      'Wohnsitzbescheinigung',
      'Aufenthaltsbescheinigung',
      'proof of address',
      'registration certificate',
    ],
    feeAmount: null,
    feeText: { de: 'laut Gebührenordnung', en: 'according to the fee schedule' },
    docs: [],
    processingDays: 3,
    appointmentRequired: false,
    onlineApplication: true,
    costModel: {
      counterStaffMinutes: 10,
      onlineStaffMinutes: 3,
      counterResidentMinutes: 60,
      onlineResidentMinutes: 10,
      staffHourlyRate: 58,
    },
  },
  {
    slug: 'melderegisterauskunft',
    name: { de: 'Melderegisterauskunft', en: 'Information from the population register' },
    summary: {
      de: 'Auskunft über die Anschrift einer anderen Person, z. B. für eine Forderung.',
      en: "Information about another person's address, e.g. to pursue a claim.",
    },
    description: {
      de: 'Eine einfache Melderegisterauskunft nennt Namen, Doktorgrad und aktuelle Anschrift einer Person, wenn Sie diese eindeutig bezeichnen können (z. B. mit Geburtsdatum oder früherer Anschrift). Eine Auskunftssperre der betroffenen Person verhindert die Auskunft. Für eine erweiterte Auskunft müssen Sie ein berechtigtes Interesse nachweisen.',
      en: 'A simple register information gives the name, doctoral degree and current address of a person if you can identify them unambiguously (e.g. by date of birth or former address). A block on disclosure requested by that person prevents the information. An extended information requires proof of a legitimate interest.',
    },
    synonyms: ['Adressauskunft', 'Meldeauskunft', 'Registerauskunft', 'address enquiry'],
    feeAmount: null,
    feeText: { de: 'laut Gebührenordnung', en: 'according to the fee schedule' },
    docs: [],
    processingDays: 5,
    appointmentRequired: false,
    onlineApplication: false,
  },
  {
    slug: 'bewohnerparkausweis',
    name: { de: 'Bewohnerparkausweis', en: "Residents' parking permit" },
    summary: {
      de: 'Parkausweis für Bewohnerinnen und Bewohner einer Bewohnerparkzone beantragen.',
      en: "Apply for a parking permit for residents of a residents' parking zone.",
    },
    description: {
      de: 'Mit dem Bewohnerparkausweis dürfen Sie in Ihrer Bewohnerparkzone auf den gekennzeichneten Flächen parken. Voraussetzung: Sie sind in der Zone mit Haupt- oder Nebenwohnsitz gemeldet und das Fahrzeug ist auf Sie zugelassen oder Ihnen dauerhaft zur Nutzung überlassen (z. B. Firmenwagen). Der Ausweis gilt in der Regel ein Jahr. Die Gebühr legt die Stadt in ihrer Gebührenordnung fest.',
      en: "The permit lets you park on the marked spaces of your residents' parking zone. You must be registered in the zone (main or secondary residence) and the vehicle must be registered to you or permanently provided for your use (e.g. a company car). The permit is usually valid for one year. The city sets the fee in its fee schedule.",
    },
    synonyms: ['Anwohnerparken', 'Parkausweis', 'Bewohnerparken', 'Parkplakette', 'resident parking'],
    feeAmount: null,
    feeText: { de: 'laut Gebührenordnung (pro Jahr)', en: 'according to the fee schedule (per year)' },
    docs: [
      doc('Fahrzeugschein (Zulassungsbescheinigung Teil I)', 'Vehicle registration certificate part I', true),
      doc(
        'Nachweis der Überlassung bei Firmen- oder Leihfahrzeugen',
        'Proof of use for company or borrowed vehicles',
      ),
    ],
    processingDays: 5,
    appointmentRequired: false,
    onlineApplication: true,
    costModel: {
      counterStaffMinutes: 15,
      onlineStaffMinutes: 6,
      counterResidentMinutes: 70,
      onlineResidentMinutes: 15,
      staffHourlyRate: 58,
    },
  },
  {
    slug: 'hundesteuer-anmeldung',
    name: { de: 'Hund anmelden (Hundesteuer)', en: 'Register a dog (dog tax)' },
    summary: {
      de: 'Einen Hund zur Hundesteuer anmelden, innerhalb eines Monats nach Anschaffung oder Zuzug.',
      en: 'Register a dog for dog tax within one month of getting it or moving here.',
    },
    description: {
      de: 'Wer in Esslingen einen Hund hält, der älter als drei Monate ist, muss ihn innerhalb eines Monats anmelden. Sie erhalten einen Steuerbescheid und eine Hundesteuermarke. Die Höhe der Steuer richtet sich nach der Hundesteuersatzung; für gefährliche Hunde (Kampfhunde) gilt ein höherer Satz. Die Anmeldung selbst ist gebührenfrei und online möglich.',
      en: 'Anyone in Esslingen keeping a dog older than three months must register it within one month. You receive a tax assessment and a dog tax tag. The amount follows the dog tax bylaw; a higher rate applies to dangerous dogs. Registration itself is free and possible online.',
    },
    synonyms: ['Hundesteuer', 'Hundeanmeldung', 'Hundemarke', 'dog tax', 'dog registration'],
    feeAmount: 0,
    feeText: {
      de: 'Anmeldung gebührenfrei; Hundesteuer laut Hundesteuersatzung',
      en: 'Registration free; dog tax according to the dog tax bylaw',
    },
    docs: [],
    processingDays: 10,
    appointmentRequired: false,
    onlineApplication: true,
    costModel: {
      counterStaffMinutes: 12,
      onlineStaffMinutes: 4,
      counterResidentMinutes: 60,
      onlineResidentMinutes: 10,
      staffHourlyRate: 58,
    },
  },
  {
    slug: 'fuehrungszeugnis',
    name: { de: 'Führungszeugnis beantragen', en: 'Certificate of good conduct' },
    summary: {
      de: 'Führungszeugnis für private Zwecke, für eine Behörde oder als erweitertes Führungszeugnis.',
      en: 'Certificate of good conduct for private purposes, for an authority, or the extended certificate.',
    },
    description: {
      de: 'Das Führungszeugnis stellt das Bundesamt für Justiz aus; das Bürgeramt nimmt den Antrag entgegen. Es wird Ihnen per Post zugeschickt oder, wenn es für eine Behörde bestimmt ist, direkt dorthin gesandt. Für ein erweitertes Führungszeugnis (z. B. für die Arbeit mit Kindern) brauchen Sie die schriftliche Aufforderung der Stelle. Mit Online-Ausweis können Sie es auch direkt beim Bundesamt für Justiz beantragen.',
      en: "The certificate is issued by the Federal Office of Justice; the citizens' office takes the application. It is posted to you or, if it is meant for an authority, sent directly there. For an extended certificate (e.g. for work with children) you need the written request of the organisation. With the online ID function you can also apply directly at the Federal Office of Justice.",
    },
    synonyms: ['Polizeiliches Führungszeugnis', 'erweitertes Führungszeugnis', 'criminal record certificate'],
    feeAmount: 13,
    feeText: { de: '13,00 €', en: '€13.00' },
    docs: [
      ID_CARD,
      doc(
        'Aufforderung der Stelle (nur erweitertes Führungszeugnis)',
        'Request letter (extended certificate only)',
      ),
    ],
    processingDays: 10,
    appointmentRequired: true,
    onlineApplication: false,
  },
  {
    slug: 'beglaubigung',
    name: { de: 'Beglaubigung von Kopien und Unterschriften', en: 'Certification of copies and signatures' },
    summary: {
      de: 'Amtliche Beglaubigung von Abschriften, Kopien und Unterschriften zur Vorlage bei Behörden.',
      en: 'Official certification of copies and signatures for submission to authorities.',
    },
    description: {
      de: 'Das Bürgeramt beglaubigt Kopien von Dokumenten, die zur Vorlage bei einer Behörde bestimmt sind, sowie Unterschriften. Bringen Sie das Original mit. Zeugnisse für Hochschulen, Personenstandsurkunden und Dokumente für das Ausland beglaubigt in der Regel die ausstellende Stelle bzw. ein Notar.',
      en: 'The office certifies copies of documents meant for submission to an authority, and signatures. Bring the original. Certificates for universities, civil status documents and documents for use abroad are usually certified by the issuing body or a notary.',
    },
    synonyms: ['Beglaubigung', 'beglaubigte Kopie', 'Unterschriftsbeglaubigung', 'certified copy'],
    feeAmount: null,
    feeText: {
      de: 'laut Gebührenordnung (je Seite bzw. Unterschrift)',
      en: 'according to the fee schedule (per page or signature)',
    },
    docs: [doc('Originaldokument', 'Original document'), ID_CARD],
    processingDays: 0,
    appointmentRequired: true,
    onlineApplication: false,
  },
  {
    slug: 'gewerbeanmeldung',
    name: { de: 'Gewerbe anmelden', en: 'Register a business' },
    summary: {
      de: 'Ein Gewerbe anmelden, ummelden oder abmelden.',
      en: 'Register, change or deregister a trade or business.',
    },
    description: {
      de: 'Wer ein Gewerbe beginnt, muss es gleichzeitig anmelden (Gewerbeordnung). Die Gewerbeanzeige geht an Finanzamt, IHK oder Handwerkskammer und weitere Stellen. Für erlaubnispflichtige Gewerbe (z. B. Gaststätte, Bewachung, Makler) brauchen Sie zusätzlich die Erlaubnis. Freie Berufe melden kein Gewerbe an.',
      en: 'Anyone starting a trade must register it at the same time (Trade Regulation Act). The notification goes to the tax office, the chamber of commerce or crafts and other bodies. Trades requiring a licence (e.g. restaurants, security, brokers) also need the licence. Liberal professions do not register a trade.',
    },
    synonyms: ['Gewerbeanzeige', 'Gewerbeschein', 'Selbstständigkeit', 'business registration'],
    feeAmount: null,
    feeText: { de: 'laut Gebührenordnung', en: 'according to the fee schedule' },
    docs: [
      ID_CARD,
      doc(
        'Handelsregisterauszug (bei eingetragenen Firmen)',
        'Commercial register extract (registered companies)',
      ),
    ],
    processingDays: 5,
    appointmentRequired: true,
    onlineApplication: false,
  },
  {
    slug: 'ausweis-abholung',
    name: { de: 'Ausweis oder Pass abholen', en: 'Collect an identity card or passport' },
    summary: {
      de: 'Den fertigen Personalausweis oder Reisepass abholen.',
      en: 'Collect your finished identity card or passport.',
    },
    description: {
      de: 'Sobald Ihr Dokument da ist, werden Sie benachrichtigt. Bringen Sie das alte Dokument mit (es wird entwertet) und beim Personalausweis den PIN-Brief. Eine andere Person kann das Dokument mit Ihrer schriftlichen Vollmacht und ihrem eigenen Ausweis abholen.',
      en: 'You are notified once your document has arrived. Bring the old document (it is invalidated) and, for the identity card, the PIN letter. Someone else can collect it with your written authorisation and their own ID.',
    },
    synonyms: ['Abholung', 'Ausweisabholung', 'Pass abholen', 'collect ID'],
    feeAmount: 0,
    feeText: { de: 'gebührenfrei (bereits bei Antrag bezahlt)', en: 'free (paid with the application)' },
    docs: [OLD_ID, doc('PIN-Brief (Personalausweis)', 'PIN letter (identity card)')],
    processingDays: 0,
    appointmentRequired: true,
    onlineApplication: false,
  },
  {
    slug: 'fischereischein',
    name: { de: 'Fischereischein', en: 'Fishing licence' },
    summary: {
      de: 'Fischereischein nach bestandener Fischerprüfung beantragen.',
      en: 'Apply for a fishing licence after passing the fishing exam.',
    },
    description: {
      de: 'In Baden-Württemberg braucht, wer fischt, einen Fischereischein. Voraussetzung ist die bestandene Fischerprüfung (Ausnahmen z. B. für Jugendfischereischeine). Der Schein wird für eine bestimmte Dauer oder auf Lebenszeit ausgestellt; zusätzlich ist die Fischereiabgabe des Landes zu zahlen. Zum Angeln brauchen Sie außerdem eine Erlaubnis der oder des Fischereiberechtigten.',
      en: "In Baden-Württemberg anyone fishing needs a fishing licence. You must have passed the fishing exam (exceptions e.g. for youth licences). The licence is issued for a fixed period or for life; the state's fishing levy is due in addition. To fish you also need a permit from the holder of the fishing rights.",
    },
    synonyms: ['Angelschein', 'Fischerprüfung', 'fishing permit'],
    feeAmount: null,
    feeText: {
      de: 'laut Gebührenordnung, zuzüglich Fischereiabgabe',
      en: 'according to the fee schedule, plus fishing levy',
    },
    docs: [doc('Zeugnis über die Fischerprüfung', 'Fishing exam certificate'), ID_PHOTO, ID_CARD],
    processingDays: 5,
    appointmentRequired: true,
    onlineApplication: false,
  },
  {
    slug: 'fuehrerschein-umtausch',
    name: { de: 'Führerschein umtauschen', en: 'Exchange a driving licence' },
    summary: {
      de: 'Alten Papier- oder Kartenführerschein in den EU-Kartenführerschein umtauschen (Pflichtumtausch).',
      en: 'Exchange an old paper or card driving licence for the EU card licence (mandatory exchange).',
    },
    description: {
      de: 'Alle vor dem 19. Januar 2013 ausgestellten Führerscheine müssen gestaffelt in den befristeten EU-Kartenführerschein umgetauscht werden. Papierführerscheine sind je nach Geburtsjahr bereits fällig (Geburtsjahr vor 1953: bis 19. Januar 2033). Kartenführerscheine richten sich nach dem Ausstellungsjahr: 1999–2001 bis 19. Januar 2026, 2002–2004 bis 19. Januar 2027, 2005–2007 bis 19. Januar 2028, danach jährlich bis 2033. Die Fahrerlaubnis selbst bleibt unverändert; es wird nur das Dokument getauscht. Der neue Führerschein wird bei der Bundesdruckerei hergestellt (etwa drei bis vier Wochen); bis dahin behalten Sie den alten.',
      en: 'All licences issued before 19 January 2013 must be exchanged for the time-limited EU card licence in stages. Paper licences are due according to the year of birth (born before 1953: by 19 January 2033). Card licences follow the year of issue: 1999–2001 by 19 January 2026, 2002–2004 by 19 January 2027, 2005–2007 by 19 January 2028, then yearly up to 2033. The driving entitlement itself does not change; only the document is exchanged. The new licence is produced by the Federal Printing Office (about three to four weeks); you keep the old one until then.',
    },
    synonyms: [
      'Führerschein',
      'Fuehrerschein',
      'Führerscheinumtausch',
      'Pflichtumtausch',
      'Kartenführerschein',
      'Fahrerlaubnis',
      'driving licence',
      "driver's license",
    ],
    feeAmount: 25.3,
    feeText: { de: '25,30 €', en: '€25.30' },
    docs: [
      doc('Bisheriger Führerschein', 'Current driving licence'),
      ID_CARD,
      ID_PHOTO,
      doc(
        'Karteikartenabschrift der ausstellenden Behörde, wenn der Papierführerschein anderswo ausgestellt wurde',
        'Record copy from the issuing authority if the paper licence was issued elsewhere',
      ),
    ],
    processingDays: 20,
    appointmentRequired: true,
    onlineApplication: false,
  },
];

export function toCreateDto(service: DemoService): CreateServiceDto {
  const { docs, ...rest } = service;
  return {
    ...rest,
    requiredDocuments: docs.map((d) => ({
      name: { de: d.de, en: d.en },
      uploadForOnline: d.online ?? false,
    })),
  };
}
