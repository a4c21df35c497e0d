/*
 * python.h - the cross-file steps of the Python lock-file analyzers.
 *
 * Trivy completes a poetry.lock with the pyproject.toml beside it: the project's declared
 * dependencies say which locked packages are direct and which are only reachable from
 * development groups. An analyzer's parse() sees one file, so this step is a separate
 * function the scanner calls for each poetry.lock result once it has the companion file
 * (same directory, named pyproject.toml). Everything it allocates is in cx->arena.
 */
#ifndef KS_ANALYZE_PYTHON_H
#define KS_ANALYZE_PYTHON_H

#include "analyze/analyzer.h"

/*
 * Trivy's poetry step: with pyproject.toml (whole content in f) next to a poetry.lock
 * whose packages are lock->pkgs (as the "poetry" analyzer produced them), every package
 * becomes a direct dependency if the project declares it (main dependencies or any
 * group's, names compared after PEP 503 normalisation) and an indirect one otherwise, and
 * a development dependency unless it is reachable through DependsOn from a main
 * dependency (PEP 621 project.dependencies and optional-dependencies when the project
 * has them, else tool.poetry.dependencies). A pyproject.toml that does not parse leaves
 * lock unchanged and returns KS_ECORRUPT with a message naming f (Trivy warns and
 * carries on); KS_ENOMEM.
 */
int ks_poetry_pyproject(struct ks_ctx *cx, struct ks_ares *lock, const struct ks_file *f);

#endif
