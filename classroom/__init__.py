"""The classroom around the kitchen: links, a scenario library, lessons, exports.

Everything here is plain Python that the page calls; nothing imports
streamlit, and nothing draws except the Plotly figures of :mod:`compare`.

* :mod:`classroom.links` - the page's state in a shareable URL, and back;
* :mod:`classroom.library` - named scenarios, each showing one idea, with a
  note for students whose every claim is checked against the run;
* :mod:`classroom.lessons` - a guided path: predict, run, compare;
* :mod:`classroom.compare` - one workload under two strategy mixes;
* :mod:`classroom.export` - the run as CSV, and a one-page handout;
* :mod:`classroom.figures` - names, units and formats of the headline figures;
* :mod:`classroom.measures` - figures read off a run beyond the headline ones.

Teaching text lives in Markdown under ``assets/scenarios`` and
``assets/lessons``; :mod:`classroom.notes` reads it.
"""
