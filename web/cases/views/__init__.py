"""Staff pages of residents' requests: the case page (``case``), the lists people work from
(``lists``) and the dispatch catalogue (``catalogue``)."""
