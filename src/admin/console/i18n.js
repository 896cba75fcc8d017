// The console's words, Dutch first. t('key', { name }) fills {name}.

const STRINGS = {
  nl: {
    skip: 'Naar de inhoud', brand: 'Privacyconsole', loading: 'Laden…', signout: 'Afmelden', switchTo: 'English', switchLang: 'en',
    'nav.partners': 'Partners', 'nav.disclosures': 'Verstrekkingen', 'nav.register': 'Register', 'nav.legal': 'Vorderingen', 'nav.accounts': 'Accounts', mainNav: 'Hoofdmenu',
    'accounts.title': 'Accounts', 'accounts.intro': 'Wie wat mag. Een nieuwe functionaris doet pas mee aan het vier-ogenprincipe (concepten, goedkeuren, vorderingen) als een andere, al bevestigde functionaris het account bevestigt. De beheerder maakt accounts, maar kan ze niet bevestigen.',
    'accounts.waiting': 'Wachten op bevestiging', 'accounts.noneWaiting': 'Geen functionarissen wachten op bevestiging.', 'accounts.all': 'Alle accounts', 'accounts.confirm': '{name} bevestigen', 'accounts.confirmed': '{name} is bevestigd en doet nu mee aan het vier-ogenprincipe.',
    'accounts.own': 'Dit is uw eigen account: een andere functionaris bevestigt het.', 'accounts.notConfirmedYou': 'Uw account wacht nog op bevestiging door een andere functionaris; tot dan kunt u lezen maar geen concepten maken of goedkeuren.',
    'col.name': 'Naam', 'col.accountRole': 'Rol', 'col.createdBy': 'Gemaakt door', 'col.confirmed': 'Bevestigd', 'col.disabled': 'Uitgeschakeld',
    'role.officer': 'functionaris', 'role.auditor': 'auditor', 'role.operator': 'beheerder van koppelingen', 'role.partner': 'partnersysteem',
    'legal.title': 'Vorderingen van politie en justitie', 'legal.intro': 'Een eenmalige verstrekking op grond van een wettelijke vordering. Een functionaris legt de vordering vast, een tweede keurt haar goed; pas dan worden precies de gevraagde gegevens opgehaald, vastgelegd in het logboek en één keer getoond om te bewaren of af te drukken. De gateway bewaart geen kopie.',
    'legal.partnerName': 'Politie of justitie (vordering)', 'legal.orders': 'Vorderingen', 'legal.none': 'Er zijn nog geen vorderingen.', 'legal.new': 'Nieuwe vordering vastleggen', 'legal.reference': 'Kenmerk van de vordering', 'legal.reason': 'Waarom (wettelijke grondslag, artikel)', 'legal.submit': 'Vordering vastleggen',
    'legal.recorded': 'De vordering is vastgelegd; een tweede functionaris moet haar goedkeuren.', 'legal.approve': 'Goedkeuren en verstrekken', 'legal.reject': 'Afwijzen', 'legal.ownOrder': 'U legde deze vordering zelf vast: een tweede functionaris keurt haar goed.',
    'legal.status.requested': 'wacht op goedkeuring', 'legal.status.approved': 'verstrekt', 'legal.status.rejected': 'afgewezen', 'legal.col.authority': 'Vorderende instantie', 'legal.col.field': 'Gegeven', 'legal.col.value': 'Waarde',
    'legal.exportTitle': 'Verstrekking op vordering', 'legal.exportMeta': 'Vordering {reference} van {authority}, lidnummer {member}.', 'legal.exportApproved': 'Goedgekeurd door {by} op {date}. Bewaar of druk dit nu af: de gateway bewaart geen kopie.',
    'register.title': 'Register van verwerkingsactiviteiten (art. 30 AVG)', 'register.intro': 'Opgesteld op {date} uit het actieve deelbeleid van elke partner.', 'register.days': '{n} dagen', 'register.controller': 'Verwerkingsverantwoordelijke: {controller}', 'register.outside': 'Verwerkingen buiten de gateway',
    'col.description': 'Omschrijving', 'col.legalBasis': 'Grondslag', 'col.consent': 'Toestemming', 'col.retention': 'Bewaartermijn', 'col.categories': 'Categorieën',
    'matrix.addCondition': '+ voorwaarde', 'matrix.conditionFor': 'Voorwaarde voor {field} — {purpose}', 'matrix.noCondition': '(geen voorwaarde: altijd delen)',
    'matrix.conditionTitle': 'Voorwaarde: {field} voor {purpose}', 'matrix.conditionField': 'Alleen delen als dit veld van het lid', 'matrix.conditionValue': 'deze waarde heeft', 'matrix.conditionApply': 'Toepassen',
    cancel: 'Annuleren', yes: 'ja', no: 'nee',
    'matrix.consentNone': 'geen toestemming nodig', 'matrix.consentFor': 'Vereiste toestemming voor {purpose}',
    'signin.title': 'Aanmelden', 'signin.intro': 'Meld u aan met het token van uw account als privacyfunctionaris of auditor. Het token wordt alleen gebruikt om een sessie te openen; de console bewaart het niet.',
    'signin.token': 'Token', 'signin.submit': 'Aanmelden', 'signin.failed': 'Aanmelden mislukt: {message}', 'signedInAs': 'Aangemeld als {name} ({roles})', 'signedOut': 'U bent afgemeld.',
    'partners.title': 'Partners', 'partners.intro': 'Met wie de bibliotheek ledengegevens deelt, onder welke overeenkomst, en welke versie van het deelbeleid geldt.',
    'col.partner': 'Partner', 'col.role': 'AVG-rol', 'col.agreement': 'Overeenkomst', 'col.protocol': 'Protocol', 'col.connector': 'Koppeling', 'col.active': 'Actieve versie', 'col.drafts': 'Concepten', 'col.actions': 'Acties',
    'agreement.until': 't/m {date}', 'agreement.open': 'zonder einddatum', 'agreement.expires': 'verloopt over {days} dagen', 'agreement.expired': 'verlopen', 'agreement.notYet': 'nog niet van kracht',
    'connector.none': 'geen koppeling', 'connector.disabled': 'uitgeschakeld', 'connector.up': 'bereikbaar', 'connector.down': 'onbereikbaar',
    'drafts.none': 'geen', 'drafts.some': '{n} concept(en)',
    'action.matrix': 'Velden', 'action.preview': 'Voorbeeld', 'action.review': 'Beoordelen',
    'matrix.title': 'Velden voor {partner}', 'matrix.intro': 'Per veld en doel: uit, aan, of aan met een bewerking. Wijzigingen worden een concept; er verandert niets voor de partner tot een tweede functionaris het goedkeurt.',
    'matrix.base': 'Uitgangspunt', 'matrix.baseActive': 'actieve versie {n}', 'matrix.baseDraft': 'concept versie {n} (door {author})',
    'matrix.field': 'Veld', 'matrix.consent': 'toestemming nodig: {consent}', 'matrix.condition': 'alleen als {condition}',
    'matrix.off': 'uit', 'matrix.on': 'aan', 'matrix.onWith': 'aan · {transform}',
    'matrix.note': 'Toelichting bij het concept', 'matrix.save': 'Opslaan als concept', 'matrix.changes': '{n} wijziging(en)', 'matrix.noChanges': 'Nog geen wijzigingen.',
    'matrix.saved': 'Concept versie {n} opgeslagen. Bekijk het voorbeeld of laat het beoordelen.', 'matrix.invalid': 'De gateway weigert dit concept:',
    'preview.title': 'Voorbeeld voor {partner}', 'preview.intro': 'Wat de partner zou ontvangen van een voorbeeldlid: de actieve versie naast het concept. Er wordt niets verstuurd.',
    'preview.purpose': 'Doel', 'preview.member': 'Voorbeeldlid (sandbox)', 'preview.paste': 'Of plak een lid (JSON)', 'preview.version': 'Vergelijk met', 'preview.show': 'Toon voorbeeld',
    'preview.active': 'Actief (versie {n})', 'preview.draft': 'Concept (versie {n})', 'preview.version.n': 'Versie {n}', 'preview.payload': 'Wat vertrekt', 'preview.fields': 'Velden', 'preview.withheld': 'Blijft thuis ({n})', 'preview.noSandbox': 'Geen sandboxleden beschikbaar; plak een lid.', 'preview.noDraft': 'geen concept', 'preview.differs': 'anders dan actief', 'preview.wire': 'Zoals het bericht vertrekt ({protocol})', 'preview.noWire': 'Geen bericht te tonen: {reason}',
    'review.title': 'Beoordelen: {partner}', 'review.versions': 'Versies', 'review.diff': 'Wat verandert er in versie {n} ten opzichte van versie {from}', 'review.noDrafts': 'Er zijn geen concepten om te beoordelen.', 'review.unchanged': 'Geen inhoudelijke wijzigingen.',
    'review.effective': 'Van kracht vanaf (leeg: direct)', 'review.approve': 'Versie {n} goedkeuren', 'review.approved': 'Versie {n} is goedgekeurd ({status}).', 'review.refused': 'Goedkeuren geweigerd: {message}', 'review.note': 'Toelichting: {note}', 'review.mappingWarning': 'Let op: de koppeling kan wat dit concept vrijgeeft niet in het berichtformaat van de partner zetten (gecontroleerd met een voorbeeldlid). Na goedkeuring zouden deze berichten niet aankomen:',
    'col.version': 'Versie', 'col.status': 'Status', 'col.author': 'Auteur', 'col.created': 'Aangemaakt', 'col.approver': 'Goedgekeurd door', 'col.effective': 'Van kracht', 'col.note': 'Toelichting',
    'status.draft': 'concept', 'status.active': 'actief', 'status.scheduled': 'gepland', 'status.superseded': 'vervangen', 'status.rejected': 'afgewezen',
    'review.comment': 'Reden van afwijzing', 'review.reject': 'Versie {n} afwijzen', 'review.rejected': 'Versie {n} is afgewezen.', 'review.rejectRefused': 'Afwijzen geweigerd: {message}',
    'disclosures.title': 'Verstrekkingen', 'disclosures.intro': 'Het register van elke verstrekking: wie, welk doel, welke velden (nooit de waarden), onder welke overeenkomst.',
    'disclosures.member': 'Lidnummer', 'disclosures.partner': 'Partner', 'disclosures.any': 'alle', 'disclosures.from': 'Van', 'disclosures.to': 'Tot en met', 'disclosures.search': 'Zoeken', 'disclosures.total': '{total} verstrekking(en), {shown} getoond', 'disclosures.none': 'Geen verstrekkingen gevonden.', 'disclosures.more': 'Meer tonen',
    'col.seq': 'Nr.', 'col.at': 'Moment', 'col.member': 'Lid', 'col.purpose': 'Doel', 'col.fields': 'Velden', 'col.policy': 'Beleid',
    'verify.title': 'Integriteit van het register', 'verify.run': 'Controleer de hashketen', 'verify.ok': 'De keten is intact: {n} verstrekkingen gecontroleerd.', 'verify.broken': 'De keten is verbroken bij nr. {seq}: {reason} ({n} gecontroleerd).',
    'default.title': 'Nieuw meegeleverd standaardbeleid', 'default.intro': 'Deze versie van de gateway levert een standaardbeleid ({source}) dat afwijkt van het actieve beleid. Het geldt pas als u het als concept overneemt en een tweede functionaris het goedkeurt.',
    'default.badge': 'nieuw standaardbeleid', 'default.take': 'Als concept overnemen', 'default.note': 'Meegeleverd standaardbeleid ({source})', 'default.taken': 'Concept {n} aangemaakt; een tweede functionaris moet het goedkeuren.', 'default.drafted': 'Er staat al een concept met dit standaardbeleid klaar.',
    'withdrawal.title': 'Ingetrokken toestemming doorgeven', 'withdrawal.intro': 'Heeft het lid een toestemming ingetrokken (eerst vastgelegd in het uitleensysteem)? Dan krijgt elke partner die het moet weten bericht, één keer.', 'withdrawal.consent': 'Toestemming', 'withdrawal.send': 'Intrekking doorgeven',
    'withdrawal.told': 'Bericht gaat naar:', 'withdrawal.queued': 'verstuurd', 'withdrawal.refused': 'geweigerd door het deelbeleid ({code})', 'withdrawal.noConnector': 'geen koppeling: zelf doorgeven', 'withdrawal.nobody': 'Geen partner heeft een afmeldbericht voor deze toestemming.',
    'withdrawal.uninformed': 'Deze partners gebruiken de toestemming maar kunnen geen afmelding ontvangen; informeer hen zelf:', 'withdrawal.notWithdrawn': 'Het uitleensysteem kent deze toestemming nog als gegeven. Leg de intrekking daar eerst vast.',
    'report.ask': 'Inzageverzoek', 'report.askIntro': 'Een overzicht voor een lid: welke partner welke gegevens ontving, wanneer, waarom en onder welke overeenkomst.', 'report.open': 'Overzicht maken',
    'report.title': 'Overzicht van verstrekkingen', 'report.member': 'Lidnummer: {member}', 'report.generated': 'Opgesteld op {date}', 'report.print': 'Afdrukken of bewaren als PDF', 'report.none': 'Over dit lid zijn geen gegevens verstrekt.', 'report.summary': 'Per ontvanger', 'report.details': 'Alle verstrekkingen', 'report.total': 'Totaal: {n} verstrekking(en).',
    'report.checkpoint': 'Controleerbaar', 'report.checkpointIntro': 'Dit overzicht is gecontroleerd tegen het ondertekende controlepunt van het register ({n} verstrekkingen). Elke regel hoort bij dit controlepunt; een accountant kan dat zonder de gateway nagaan met de sleutel hieronder.', 'report.verifierKey': 'Controlesleutel: {key}',
    'col.count': 'Aantal', 'col.period': 'Periode', 'col.purposes': 'Doelen', 'col.agreements': 'Overeenkomst(en)', 'back': 'Terug',
    'error': 'Er ging iets mis: {message}', 'notFound': 'Deze pagina bestaat niet.',
    'nav.sync': 'Synchronisatie',
    'sync.title': 'Synchronisatie', 'sync.intro': 'De gateway volgt het uitleensysteem: nieuwe leden, wijzigingen en opzeggingen gaan vanzelf naar de partners die ze volgens hun deelbeleid krijgen. Hier staat elke synchronisatie, alleen met aantallen: gegevens van leden staan hier nooit.',
    'sync.jobs': 'Laatste synchronisaties', 'sync.none': 'Er is nog niets gesynchroniseerd.', 'sync.refreshing': 'Er loopt een synchronisatie: deze pagina ververst zichzelf elke paar seconden.',
    'sync.kind.initial': 'Eerste synchronisatie', 'sync.kind.cycle': 'Wijzigingen', 'sync.allPartners': 'alle partners', 'sync.by': 'gestart door {name}',
    'sync.status.running': 'loopt', 'sync.status.done': 'klaar', 'sync.status.failed': 'mislukt', 'sync.status.held': 'wacht op beoordeling',
    'col.kind': 'Soort', 'col.started': 'Gestart', 'col.finished': 'Klaar', 'col.progress': 'Voortgang', 'col.counts': 'Aantallen', 'col.held': 'Vastgehouden', 'col.released': 'Verstuurd na beoordeling', 'col.discarded': 'Niet verstuurd',
    'sync.progress': 'Voortgang van {kind} voor {partner}', 'sync.evaluated': '{n} leden bekeken', 'sync.processed': '{done} van {total} leden',
    'sync.sent': '{n} verstuurd', 'sync.unchanged': '{n} ongewijzigd', 'sync.refused': '{n} geweigerd door het deelbeleid', 'sync.failed': '{n} mislukt', 'sync.heldCount': '{n} vastgehouden',
    'sync.decided': 'na beoordeling: {released} verstuurd, {discarded} niet verstuurd', 'sync.stopped': 'Gestopt: {reason}',
    'sync.reason.STOPPED': 'de gateway stopte tijdens de ronde; de volgende ronde probeert het opnieuw', 'sync.reason.SYNC_FAILED': 'een onverwachte fout', 'sync.reason.NO_MEMBER_SOURCE': 'geen uitleensysteem kan zijn leden opsommen',
    'sync.held.title': 'Vastgehouden afmeldingen', 'sync.held.intro': 'Een ronde die bij één partner meer leden zou afmelden dan de drempel toestaat (SYNC_DELETE_THRESHOLD), houdt die afmeldingen vast: misschien ging er in het uitleensysteem iets mis, zoals een verkeerde import. Een bevestigde functionaris beslist per partner of ze alsnog worden verstuurd.',
    'sync.held.job': '{kind} van {date}', 'sync.held.readOnly': 'Alleen een functionaris beslist over vastgehouden afmeldingen.', 'sync.held.nothing': 'niets meer vastgehouden',
    'sync.release': 'Versturen', 'sync.discard': 'Niet versturen', 'sync.releaseFor': 'Vastgehouden afmeldingen naar {partner} versturen', 'sync.discardFor': 'Vastgehouden afmeldingen naar {partner} niet versturen',
    'sync.confirmTitle': 'Weet u het zeker?', 'sync.confirmRelease': 'De {n} vastgehouden afmeldingen worden nu naar {partner} verstuurd. Dit betreft {n} leden; de partner schrijft hen uit.',
    'sync.confirmDiscard': 'De {n} vastgehouden afmeldingen voor {partner} worden weggegooid. Dit betreft {n} leden; de partner hoort niet dat zij zijn vertrokken. Dit kan niet ongedaan worden gemaakt.',
    'sync.released': '{n} afmelding(en) naar {partner} verstuurd.', 'sync.releaseFailed': '{n} kon(den) niet meer worden verstuurd: het lid bestaat niet meer in het uitleensysteem of het deelbeleid weigert het nu.', 'sync.discarded': '{n} afmelding(en) voor {partner} niet verstuurd.',
    'sync.start.title': 'Eerste synchronisatie starten', 'sync.start.intro': 'Voor een nieuwe partner of na een nieuwe overeenkomst: alle leden van het uitleensysteem worden langsgelopen en de partner krijgt wat zijn deelbeleid bij inschrijving verstuurt. Een lid krijgt niets twee keer.',
    'sync.start': 'Eerste synchronisatie starten', 'sync.startFor': 'Eerste synchronisatie starten voor {partner}', 'sync.noPartners': 'Er is geen partner om naar te synchroniseren.',
    'sync.started': 'De eerste synchronisatie voor {partner} is gestart.', 'sync.repeated': 'Voor {partner} liep al een eerste synchronisatie; die staat hieronder.', 'sync.startRefused': 'Niet gestart voor {partner}: {reason}',
    'code.OFFICER_NOT_CONFIRMED': 'Uw account wacht nog op bevestiging door een andere functionaris (vier-ogenprincipe); tot dan kunt u hierover niet beslissen.',
    'code.FORBIDDEN': 'Uw rol mag dit niet.', 'code.SYNC_JOB_UNKNOWN': 'Deze synchronisatie bestaat niet (meer).', 'code.NO_LIFECYCLE_PURPOSES': 'het deelbeleid van deze partner heeft geen doel dat vanzelf wordt verstuurd, dus een eerste synchronisatie zou niets versturen.',
    'code.CAPABILITY_MISSING': 'de koppeling met deze partner kan niets versturen.', 'code.CONNECTOR_DISABLED': 'de koppeling met deze partner staat op deze gateway uit.', 'code.PARTNER_UNKNOWN': 'deze partner is onbekend.',
    'code.NO_MEMBER_SOURCE': 'geen uitleensysteem kan zijn leden opsommen.',
  },
  en: {
    skip: 'Skip to content', brand: 'Privacy console', loading: 'Loading…', signout: 'Sign out', switchTo: 'Nederlands', switchLang: 'nl',
    'nav.partners': 'Partners', 'nav.disclosures': 'Disclosures', 'nav.register': 'Register', 'nav.legal': 'Legal orders', 'nav.accounts': 'Accounts', mainNav: 'Main menu',
    'accounts.title': 'Accounts', 'accounts.intro': 'Who may do what. A new officer takes part in four eyes (drafts, approvals, legal orders) only once another, already confirmed officer confirms the account. The administrator makes accounts but cannot confirm them.',
    'accounts.waiting': 'Waiting for confirmation', 'accounts.noneWaiting': 'No officers are waiting for confirmation.', 'accounts.all': 'All accounts', 'accounts.confirm': 'Confirm {name}', 'accounts.confirmed': '{name} is confirmed and now takes part in four eyes.',
    'accounts.own': 'This is your own account: another officer confirms it.', 'accounts.notConfirmedYou': 'Your account still waits for confirmation by another officer; until then you can read but not write or approve drafts.',
    'col.name': 'Name', 'col.accountRole': 'Role', 'col.createdBy': 'Created by', 'col.confirmed': 'Confirmed', 'col.disabled': 'Disabled',
    'role.officer': 'officer', 'role.auditor': 'auditor', 'role.operator': 'operator', 'role.partner': 'partner system',
    'legal.title': 'Orders of police and justice', 'legal.intro': 'A one-off disclosure under a legal order. One officer records the order, a second approves it; only then are exactly the requested data fetched, written to the ledger and shown once to save or print. The gateway keeps no copy.',
    'legal.partnerName': 'Police or justice (legal order)', 'legal.orders': 'Orders', 'legal.none': 'There are no orders yet.', 'legal.new': 'Record a new order', 'legal.reference': "Order's reference", 'legal.reason': 'Why (legal basis, article)', 'legal.submit': 'Record the order',
    'legal.recorded': 'The order is recorded; a second officer must approve it.', 'legal.approve': 'Approve and disclose', 'legal.reject': 'Reject', 'legal.ownOrder': 'You recorded this order yourself: a second officer approves it.',
    'legal.status.requested': 'awaiting approval', 'legal.status.approved': 'disclosed', 'legal.status.rejected': 'rejected', 'legal.col.authority': 'Requesting authority', 'legal.col.field': 'Data', 'legal.col.value': 'Value',
    'legal.exportTitle': 'Disclosure under a legal order', 'legal.exportMeta': 'Order {reference} of {authority}, member id {member}.', 'legal.exportApproved': 'Approved by {by} on {date}. Save or print this now: the gateway keeps no copy.',
    'register.title': 'Register of processing activities (GDPR art. 30)', 'register.intro': 'Produced on {date} from the active sharing policy of every partner.', 'register.days': '{n} days', 'register.controller': 'Controller: {controller}', 'register.outside': 'Processing outside the gateway',
    'col.description': 'Description', 'col.legalBasis': 'Legal basis', 'col.consent': 'Consent', 'col.retention': 'Retention', 'col.categories': 'Categories',
    'matrix.addCondition': '+ condition', 'matrix.conditionFor': 'Condition for {field} — {purpose}', 'matrix.noCondition': '(no condition: always share)',
    'matrix.conditionTitle': 'Condition: {field} for {purpose}', 'matrix.conditionField': "Share only when this field of the member", 'matrix.conditionValue': 'has this value', 'matrix.conditionApply': 'Apply',
    cancel: 'Cancel', yes: 'yes', no: 'no',
    'matrix.consentNone': 'no consent needed', 'matrix.consentFor': 'Consent required for {purpose}',
    'signin.title': 'Sign in', 'signin.intro': 'Sign in with the token of your officer or auditor account. The token is used only to open a session; the console does not keep it.',
    'signin.token': 'Token', 'signin.submit': 'Sign in', 'signin.failed': 'Sign-in failed: {message}', 'signedInAs': 'Signed in as {name} ({roles})', 'signedOut': 'You are signed out.',
    'partners.title': 'Partners', 'partners.intro': 'Who the library shares member data with, under which agreement, and which version of the sharing policy applies.',
    'col.partner': 'Partner', 'col.role': 'GDPR role', 'col.agreement': 'Agreement', 'col.protocol': 'Protocol', 'col.connector': 'Connector', 'col.active': 'Active version', 'col.drafts': 'Drafts', 'col.actions': 'Actions',
    'agreement.until': 'until {date}', 'agreement.open': 'no end date', 'agreement.expires': 'expires in {days} days', 'agreement.expired': 'expired', 'agreement.notYet': 'not yet in force',
    'connector.none': 'no connector', 'connector.disabled': 'disabled', 'connector.up': 'up', 'connector.down': 'down',
    'drafts.none': 'none', 'drafts.some': '{n} draft(s)',
    'action.matrix': 'Fields', 'action.preview': 'Preview', 'action.review': 'Review',
    'matrix.title': 'Fields for {partner}', 'matrix.intro': 'Per field and purpose: off, on, or on with a transform. Changes become a draft; nothing changes for the partner until a second officer approves it.',
    'matrix.base': 'Starting from', 'matrix.baseActive': 'active version {n}', 'matrix.baseDraft': 'draft version {n} (by {author})',
    'matrix.field': 'Field', 'matrix.consent': 'needs consent: {consent}', 'matrix.condition': 'only when {condition}',
    'matrix.off': 'off', 'matrix.on': 'on', 'matrix.onWith': 'on · {transform}',
    'matrix.note': 'Note with the draft', 'matrix.save': 'Save as draft', 'matrix.changes': '{n} change(s)', 'matrix.noChanges': 'No changes yet.',
    'matrix.saved': 'Draft version {n} saved. Preview it or have it reviewed.', 'matrix.invalid': 'The gateway refuses this draft:',
    'preview.title': 'Preview for {partner}', 'preview.intro': 'What the partner would receive for a sample member: the active version beside the draft. Nothing is sent.',
    'preview.purpose': 'Purpose', 'preview.member': 'Sample member (sandbox)', 'preview.paste': 'Or paste a member (JSON)', 'preview.version': 'Compare with', 'preview.show': 'Show preview',
    'preview.active': 'Active (version {n})', 'preview.draft': 'Draft (version {n})', 'preview.version.n': 'Version {n}', 'preview.payload': 'What leaves', 'preview.fields': 'Fields', 'preview.withheld': 'Stays home ({n})', 'preview.noSandbox': 'No sandbox members available; paste a member.', 'preview.noDraft': 'no draft', 'preview.differs': 'differs from active', 'preview.wire': 'The message as it leaves ({protocol})', 'preview.noWire': 'No message to show: {reason}',
    'review.title': 'Review: {partner}', 'review.versions': 'Versions', 'review.diff': 'What changes in version {n} compared with version {from}', 'review.noDrafts': 'There are no drafts to review.', 'review.unchanged': 'No changes in substance.',
    'review.effective': 'Effective from (empty: at once)', 'review.approve': 'Approve version {n}', 'review.approved': 'Version {n} is approved ({status}).', 'review.refused': 'Approval refused: {message}', 'review.note': 'Note: {note}', 'review.mappingWarning': "Beware: the connector cannot put what this draft releases into the partner's wire format (checked with a sample member). Once approved, these messages would not arrive:",
    'col.version': 'Version', 'col.status': 'Status', 'col.author': 'Author', 'col.created': 'Created', 'col.approver': 'Approved by', 'col.effective': 'Effective', 'col.note': 'Note',
    'status.draft': 'draft', 'status.active': 'active', 'status.scheduled': 'scheduled', 'status.superseded': 'superseded', 'status.rejected': 'rejected',
    'review.comment': 'Reason for rejecting', 'review.reject': 'Reject version {n}', 'review.rejected': 'Version {n} is rejected.', 'review.rejectRefused': 'Rejection refused: {message}',
    'disclosures.title': 'Disclosures', 'disclosures.intro': 'The ledger of every disclosure: who, for which purpose, which fields (never the values), under which agreement.',
    'disclosures.member': 'Member id', 'disclosures.partner': 'Partner', 'disclosures.any': 'any', 'disclosures.from': 'From', 'disclosures.to': 'To (inclusive)', 'disclosures.search': 'Search', 'disclosures.total': '{total} disclosure(s), {shown} shown', 'disclosures.none': 'No disclosures found.', 'disclosures.more': 'Show more',
    'col.seq': 'No.', 'col.at': 'When', 'col.member': 'Member', 'col.purpose': 'Purpose', 'col.fields': 'Fields', 'col.policy': 'Policy',
    'verify.title': 'Integrity of the ledger', 'verify.run': 'Check the hash chain', 'verify.ok': 'The chain is intact: {n} disclosures checked.', 'verify.broken': 'The chain is broken at no. {seq}: {reason} ({n} checked).',
    'default.title': 'New shipped default policy', 'default.intro': 'This version of the gateway ships a default policy ({source}) that differs from the active one. It applies only once you take it over as a draft and a second officer approves it.',
    'default.badge': 'new default policy', 'default.take': 'Take over as a draft', 'default.note': 'Shipped default policy ({source})', 'default.taken': 'Draft {n} created; a second officer must approve it.', 'default.drafted': 'A draft with this default policy is already waiting.',
    'withdrawal.title': 'Pass on a withdrawn consent', 'withdrawal.intro': 'Did the member withdraw a consent (recorded in the lending system first)? Every partner that must know is told, once.', 'withdrawal.consent': 'Consent', 'withdrawal.send': 'Pass on the withdrawal',
    'withdrawal.told': 'Notice goes to:', 'withdrawal.queued': 'sent', 'withdrawal.refused': 'refused by the sharing policy ({code})', 'withdrawal.noConnector': 'no connector: tell them yourself', 'withdrawal.nobody': 'No partner has a withdrawal notice for this consent.',
    'withdrawal.uninformed': 'These partners use the consent but cannot receive a withdrawal; tell them yourself:', 'withdrawal.notWithdrawn': 'The lending system still records this consent as given. Record the withdrawal there first.',
    'report.ask': 'Access request', 'report.askIntro': 'A report for a member: which partner received which data, when, why and under which agreement.', 'report.open': 'Produce report',
    'report.title': 'Report of disclosures', 'report.member': 'Member id: {member}', 'report.generated': 'Produced on {date}', 'report.print': 'Print or save as PDF', 'report.none': 'No data about this member has been disclosed.', 'report.summary': 'Per recipient', 'report.details': 'All disclosures', 'report.total': 'Total: {n} disclosure(s).',
    'report.checkpoint': 'Verifiable', 'report.checkpointIntro': "This report was checked against the ledger's signed checkpoint ({n} disclosures). Each line belongs to it; an auditor can check that without the gateway, with the key below.", 'report.verifierKey': 'Verifier key: {key}',
    'col.count': 'Count', 'col.period': 'Period', 'col.purposes': 'Purposes', 'col.agreements': 'Agreement(s)', 'back': 'Back',
    'error': 'Something went wrong: {message}', 'notFound': 'This page does not exist.',
    'nav.sync': 'Synchronisation',
    'sync.title': 'Synchronisation', 'sync.intro': 'The gateway follows the lending system: new members, changes and cancellations reach the partners their sharing policies give them to by themselves. Every synchronisation is listed here with counts only: member data never appears here.',
    'sync.jobs': 'Latest synchronisations', 'sync.none': 'Nothing has been synchronised yet.', 'sync.refreshing': 'A synchronisation is running: this page refreshes itself every few seconds.',
    'sync.kind.initial': 'Initial synchronisation', 'sync.kind.cycle': 'Changes', 'sync.allPartners': 'all partners', 'sync.by': 'started by {name}',
    'sync.status.running': 'running', 'sync.status.done': 'done', 'sync.status.failed': 'failed', 'sync.status.held': 'awaiting review',
    'col.kind': 'Kind', 'col.started': 'Started', 'col.finished': 'Finished', 'col.progress': 'Progress', 'col.counts': 'Counts', 'col.held': 'Held', 'col.released': 'Sent after review', 'col.discarded': 'Not sent',
    'sync.progress': 'Progress of {kind} for {partner}', 'sync.evaluated': '{n} members looked at', 'sync.processed': '{done} of {total} members',
    'sync.sent': '{n} sent', 'sync.unchanged': '{n} unchanged', 'sync.refused': '{n} refused by the sharing policy', 'sync.failed': '{n} failed', 'sync.heldCount': '{n} held',
    'sync.decided': 'after review: {released} sent, {discarded} not sent', 'sync.stopped': 'Stopped: {reason}',
    'sync.reason.STOPPED': 'the gateway stopped during the run; the next run tries again', 'sync.reason.SYNC_FAILED': 'an unexpected error', 'sync.reason.NO_MEMBER_SOURCE': 'no lending system can list its members',
    'sync.held.title': 'Held deregistrations', 'sync.held.intro': 'A run that would deregister more members at one partner than the threshold allows (SYNC_DELETE_THRESHOLD) holds those deregistrations: something may have gone wrong in the lending system, such as a wrong import. A confirmed officer decides per partner whether they are sent after all.',
    'sync.held.job': '{kind} of {date}', 'sync.held.readOnly': 'Only an officer decides on held deregistrations.', 'sync.held.nothing': 'nothing held any more',
    'sync.release': 'Send', 'sync.discard': 'Do not send', 'sync.releaseFor': 'Send the held deregistrations to {partner}', 'sync.discardFor': 'Do not send the held deregistrations to {partner}',
    'sync.confirmTitle': 'Are you sure?', 'sync.confirmRelease': 'The {n} held deregistrations are now sent to {partner}. This concerns {n} members; the partner deregisters them.',
    'sync.confirmDiscard': 'The {n} held deregistrations for {partner} are thrown away. This concerns {n} members; the partner does not hear that they left. This cannot be undone.',
    'sync.released': '{n} deregistration(s) sent to {partner}.', 'sync.releaseFailed': '{n} could no longer be sent: the member is gone from the lending system or the sharing policy now refuses it.', 'sync.discarded': '{n} deregistration(s) for {partner} not sent.',
    'sync.start.title': 'Start an initial synchronisation', 'sync.start.intro': 'For a new partner or after a new agreement: every member of the lending system is gone through and the partner gets what its sharing policy sends on joining. No member gets anything twice.',
    'sync.start': 'Start initial synchronisation', 'sync.startFor': 'Start initial synchronisation for {partner}', 'sync.noPartners': 'There is no partner to synchronise to.',
    'sync.started': 'The initial synchronisation for {partner} has started.', 'sync.repeated': 'An initial synchronisation for {partner} was already running; it is listed below.', 'sync.startRefused': 'Not started for {partner}: {reason}',
    'code.OFFICER_NOT_CONFIRMED': 'Your account still awaits confirmation by another officer (four eyes); until then you cannot decide on this.',
    'code.FORBIDDEN': 'Your role may not do this.', 'code.SYNC_JOB_UNKNOWN': 'This synchronisation does not exist (any more).', 'code.NO_LIFECYCLE_PURPOSES': 'the sharing policy of this partner has no purpose sent by itself, so an initial synchronisation would send nothing.',
    'code.CAPABILITY_MISSING': 'the connector of this partner cannot send anything.', 'code.CONNECTOR_DISABLED': 'the connector of this partner is not enabled on this gateway.', 'code.PARTNER_UNKNOWN': 'this partner is unknown.',
    'code.NO_MEMBER_SOURCE': 'no lending system can list its members.',
  },
};

let lang = (() => {
  try {
    const stored = localStorage.getItem('bgw-console-lang');
    return stored === 'en' ? 'en' : 'nl';
  } catch {
    return 'nl';
  }
})();

export function language() {
  return lang;
}

export function setLanguage(next) {
  lang = next === 'en' ? 'en' : 'nl';
  try {
    localStorage.setItem('bgw-console-lang', lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = lang;
}

/** Whether the console has words for the key (e.g. a server error code: 'code.FORBIDDEN'). */
export function hasText(key) {
  return Object.hasOwn(STRINGS.nl, key);
}

export function t(key, params = {}) {
  const template = STRINGS[lang][key] ?? STRINGS.nl[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => (params[name] === undefined ? `{${name}}` : String(params[name])));
}

export function formatDate(iso) {
  if (!iso) return '';
  const date = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options = iso.length === 10 ? { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' } : { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' };
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', options).format(date);
}
