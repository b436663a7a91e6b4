package main

import (
	"strings"
	"unicode/utf8"

	"github.com/accueil-pme/accueil/sdk/abi"
	"github.com/accueil-pme/accueil/sdk/jsonlite"
)

// baseURL returns the URL prefix Vapi reaches the plugin at, e.g.
// "https://reception.example.com/api/vapi": the public_url setting (or the
// request's public URL without the request's own path, which keeps a path
// the host's public URL has, "https://gw.example.com/accueil") followed by
// the mount path.
func (v *Voice) baseURL(req *abi.Request) string {
	path := strings.TrimRight(req.Path, "/") // "/api/vapi/webhook/" is the webhook too
	mount := path
	for _, suffix := range [...]string{completionsPathSuffix, "/webhook"} {
		if strings.HasSuffix(mount, suffix) {
			mount = mount[:len(mount)-len(suffix)]
			break
		}
	}
	mount = strings.TrimRight(mount, "/")
	if v.publicURL != "" {
		return v.publicURL + mount
	}
	site := req.PublicURL
	if q := strings.IndexByte(site, '?'); q >= 0 {
		site = site[:q]
	}
	site = strings.TrimRight(site, "/")
	if path != "" && strings.HasSuffix(site, path) {
		return site[:len(site)-len(path)] + mount
	}
	// The path as sent differs from the clean one ("//api/vapi/webhook"):
	// the scheme and host.
	if i := strings.Index(site, "://"); i >= 0 {
		if j := strings.IndexByte(site[i+3:], '/'); j >= 0 {
			site = site[:i+3+j]
		}
	}
	return site + mount
}

// renderAssistantRequest answers an inbound call: a transient assistant
// greeting with the engine's first message, a forward when the engine hands
// the call over at once, or a spoken refusal when the turn failed.
func (v *Voice) renderAssistantRequest(w *jsonlite.Writer, in *abi.RenderInput) {
	lg := lang(in)
	res, _ := first(in, abi.KindSessionStart)
	w.StartObject()
	switch {
	case res.Error != "":
		w.StringField("error", apology[lg])
	case res.Handoff != "":
		msg := replyText(res)
		if msg == "" {
			msg = transferring[lg]
		}
		w.ObjectField("destination")
		w.StringField("type", "number")
		w.StringField("number", res.Handoff)
		w.StringField("message", msg)
		w.EndObject()
	default:
		w.Key("assistant")
		v.writeAssistant(w, in, res)
	}
	w.EndObject()
}

// resultAttr returns the value of the result's attribute key, or "".
func resultAttr(res abi.Result, key string) string {
	for _, kv := range res.Attrs {
		if kv.Key == key {
			return kv.Value
		}
	}
	return ""
}

// writeAssistant writes the transient assistant object.
func (v *Voice) writeAssistant(w *jsonlite.Writer, in *abi.RenderInput, res abi.Result) {
	lg := lang(in)
	biz := in.Business
	name := biz.Name
	if name == "" {
		name = "Accueil"
	}
	greeting := replyText(res)
	if greeting == "" {
		greeting = oneLine(biz.Greeting)
	}
	if greeting == "" {
		greeting = strings.Replace(defaultGreeting[lg], "%s", name, 1)
	}
	base := v.baseURL(&in.Request)
	webhook := base + "/webhook"

	w.StartObject()
	w.StringField("name", truncateRunes(name, 40))
	w.StringField("firstMessage", greeting)
	w.StringField("firstMessageMode", "assistant-speaks-first")
	w.ObjectField("transcriber")
	w.StringField("provider", "deepgram")
	w.StringField("model", "nova-2")
	w.StringField("language", lg)
	w.EndObject()

	w.ObjectField("model")
	if v.mode == modeTools {
		w.StringField("provider", "openai")
		w.StringField("model", "gpt-4o-mini")
		w.FloatField("temperature", 0.3)
	} else {
		w.StringField("provider", "custom-llm")
		w.StringField("url", base)
		w.StringField("model", "accueil")
		w.StringField("metadataSendMode", "variable")
		if v.secret != "" && !v.bearer {
			w.ObjectField("headers")
			w.StringField("X-Vapi-Secret", v.secret)
			w.EndObject()
		}
	}
	w.ArrayField("messages")
	w.StartObject()
	w.StringField("role", "system")
	prompt := strings.Replace(systemPrompt[lg], "%s", name, 1)
	if d := resultAttr(res, "today"); d != "" {
		// The model does not know the date: without it, it passes last
		// year's dates to the tools.
		prompt += " " + strings.Replace(todayPrompt[lg], "%s", d, 1)
	}
	w.StringField("content", prompt)
	w.EndObject()
	w.EndArray()
	w.Key("tools")
	w.Raw(v.toolsJSON(lg, webhook, biz.Phone))
	w.EndObject()

	w.ObjectField("voice")
	w.StringField("provider", "azure")
	voice := voices[lg]
	if lg == "en" && strings.HasPrefix(biz.Phone, "+1") {
		voice = "en-US-JennyNeural" // a business in North America speaks American English
	}
	w.StringField("voiceId", voice)
	w.EndObject()

	w.ObjectField("server")
	w.StringField("url", webhook)
	w.IntField("timeoutSeconds", 20)
	v.writeSecretHeaders(w)
	w.EndObject()
	w.ArrayField("serverMessages")
	for _, m := range [...]string{"status-update", "end-of-call-report", "tool-calls", "transfer-destination-request", "hang"} {
		w.String(m)
	}
	w.EndArray()
	w.BoolField("endCallFunctionEnabled", true)
	w.StringField("endCallMessage", goodbye[lg])
	w.IntField("silenceTimeoutSeconds", 30)
	w.IntField("maxDurationSeconds", 900)
	if biz.ID != "" {
		w.ObjectField("metadata")
		w.StringField("business", biz.ID)
		w.EndObject()
	}
	w.EndObject()
}

// toolsJSON returns the model's tools array: the engine's tools, served by
// the webhook, and Vapi's transferCall. It depends only on its arguments and
// the settings, so the last one built is kept and reused.
func (v *Voice) toolsJSON(lg, webhook, phone string) []byte {
	if c := &v.toolsCache; c.json != nil && c.lang == lg && c.webhook == webhook && c.phone == phone {
		return c.json
	}
	w := jsonlite.NewWriter(make([]byte, 0, 8192))
	w.StartArray()
	for _, t := range tools {
		v.writeTool(w, t, lg, webhook)
	}
	w.StartObject()
	w.StringField("type", "transferCall")
	if v.mode != modeTools && phone != "" {
		// The custom LLM names the destination; Vapi only dials listed ones.
		w.ArrayField("destinations")
		w.StartObject()
		w.StringField("type", "number")
		w.StringField("number", phone)
		w.StringField("message", transferring[lg])
		w.EndObject()
		w.EndArray()
	}
	// Without destinations Vapi asks the server (transfer-destination-request),
	// so the engine decides, knowing the opening hours.
	w.EndObject()
	w.EndArray()
	v.toolsCache = toolsCache{lang: lg, webhook: webhook, phone: phone, json: w.Bytes()}
	return v.toolsCache.json
}

// writeSecretHeaders adds the headers Vapi must send back to us.
func (v *Voice) writeSecretHeaders(w *jsonlite.Writer) {
	if v.secret == "" {
		return
	}
	w.ObjectField("headers")
	if v.bearer {
		w.StringField("Authorization", "Bearer "+v.secret)
	} else {
		w.StringField("X-Vapi-Secret", v.secret)
	}
	w.EndObject()
}

func (v *Voice) writeTool(w *jsonlite.Writer, t tool, lg, webhook string) {
	w.StartObject()
	w.StringField("type", "function")
	w.BoolField("async", false)
	w.ObjectField("function")
	w.StringField("name", t.name)
	w.StringField("description", t.desc[idx(lg)])
	w.ObjectField("parameters")
	w.StringField("type", "object")
	w.ObjectField("properties")
	for _, p := range t.params {
		w.ObjectField(p)
		w.StringField("type", "string")
		w.StringField("description", params[p][idx(lg)])
		w.EndObject()
	}
	w.EndObject()
	w.ArrayField("required")
	for _, r := range t.required {
		w.String(r)
	}
	w.EndArray()
	w.EndObject()
	w.EndObject()
	w.ObjectField("server")
	w.StringField("url", webhook)
	w.IntField("timeoutSeconds", 20)
	v.writeSecretHeaders(w)
	w.EndObject()
	w.EndObject()
}

func idx(lg string) int {
	if lg == "en" {
		return 1
	}
	return 0
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

// tool is one engine tool exposed to Vapi's model; descriptions are
// French then English.
type tool struct {
	name     string
	desc     [2]string
	params   []string
	required []string
}

var tools = []tool{
	{toolCheck, [2]string{
		"Vérifie les créneaux libres pour une prestation à une date, et une heure si le client en a donné une.",
		"Checks free slots for a service on a date, and at a time if the customer gave one."},
		[]string{"service", "date", "time", "staff"}, []string{"service", "date"}},
	{toolBook, [2]string{
		"Réserve un rendez-vous, une fois que le client a accepté le créneau et donné son nom.",
		"Books an appointment once the customer accepted the slot and gave their name."},
		[]string{"service", "date", "time", "staff", "name", "phone"}, []string{"service", "date", "time", "name"}},
	{toolReschedule, [2]string{
		"Déplace un rendez-vous existant du client à une nouvelle date et heure.",
		"Moves one of the customer's appointments to a new date and time."},
		[]string{"booking_id", "date", "time", "phone"}, []string{"date", "time"}},
	{toolCancel, [2]string{
		"Annule un rendez-vous existant du client.",
		"Cancels one of the customer's appointments."},
		[]string{"booking_id", "phone"}, nil},
	{toolMine, [2]string{
		"Liste les rendez-vous à venir du client. Si l'outil demande la référence, demande-la au client et rappelle-le avec booking_id.",
		"Lists the customer's upcoming appointments. If the tool asks for the reference, ask the customer for it and call it again with booking_id."},
		[]string{"phone", "booking_id"}, nil},
	{toolQuestion, [2]string{
		"Répond à une question sur l'établissement : horaires, adresse, tarifs, prestations.",
		"Answers a question about the business: opening hours, address, prices, services."},
		[]string{"question"}, []string{"question"}},
}

var params = map[string][2]string{
	"service": {"Prestation demandée, par exemple « coupe femme ».", `Requested service, e.g. "women's haircut".`},
	"date":    {"Date au format AAAA-MM-JJ, ou en mots (« demain », « vendredi »).", `Date as YYYY-MM-DD, or in words ("tomorrow", "Friday").`},
	"time":    {"Heure au format HH:MM, sur 24 heures.", "Time as HH:MM, 24-hour clock."},
	"staff":   {"Membre de l'équipe souhaité, si le client en demande un.", "Preferred staff member, if the customer asks for one."},
	"name":    {"Prénom et nom du client.", "Customer's full name."},
	"phone":   {"Téléphone du client au format international, s'il diffère du numéro appelant.", "Customer's phone number in international format, if not the calling number."},
	"booking_id": {"Référence du rendez-vous (elle commence par les lettres données dans la confirmation), donnée par le client ou par mes_rdv.",
		"Booking reference (it starts with the letters given in the confirmation), as the customer says it or as mes_rdv gave it."},
	"question": {"La question du client, telle qu'il l'a posée.", "The customer's question, as asked."},
}

var (
	systemPrompt = map[string]string{
		"fr": "Tu es l'accueil téléphonique de %s. Réponds en français, en phrases courtes et naturelles, une question à la fois. " +
			"Utilise les outils pour vérifier les disponibilités, réserver, déplacer ou annuler un rendez-vous, retrouver les rendez-vous du client " +
			"et répondre aux questions sur l'établissement. N'invente jamais un horaire, un prix ou un créneau : demande-les aux outils. " +
			"Si le client veut parler à une personne, utilise transferCall.",
		"en": "You are the phone receptionist of %s. Answer in English, in short natural sentences, one question at a time. " +
			"Use the tools to check availability, book, move or cancel an appointment, find the customer's appointments " +
			"and answer questions about the business. Never make up opening hours, prices or slots: ask the tools. " +
			"If the customer wants to talk to a person, use transferCall.",
	}
	todayPrompt = map[string]string{
		"fr": "Date du jour : %s. Les dates données aux outils sont au format AAAA-MM-JJ, dans les mois à venir.",
		"en": "Today is %s: dates given to the tools are YYYY-MM-DD, in the months to come.",
	}
	goodbye = map[string]string{
		"fr": "Merci de votre appel, bonne journée !",
		"en": "Thank you for calling, goodbye!",
	}
	voices = map[string]string{
		"fr": "fr-FR-DeniseNeural",
		"en": "en-GB-SoniaNeural",
	}
)
