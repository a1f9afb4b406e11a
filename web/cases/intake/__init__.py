"""Taking residents' requests from every channel (issue 13, item 1): the public form, the signed-in
resident's, the staff entry for someone else (a representative or a studio desk, a grid worker on a
visit, a phone call, a paper 社情民意登记表), the printed service card, following a case by its
tracking code, photos, duplicate suggestions, and the printable card and register form. Every
request is registered by ``web.cases.actions.do_take_case``; see docs/cases.md "Intake"."""
