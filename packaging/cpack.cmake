# The Debian package (`cpack -G DEB` in the build directory): the tools with their man
# pages, bash completion, copyright and changelog, i.e. the install component `tools`.
# The library, its headers and libspotcheck.pc (component `dev`) stay with
# `cmake --install`; the tools link the library statically and do not need it.
# Depends comes from dpkg-shlibdeps (Debian dpkg-dev) on the tools.
# SPDX-License-Identifier: GPL-3.0-or-later
set(SC_DEB_MAINTAINER "spotcheck maintainers <maintainers@users.noreply.h-seed-ba13395b.example>")

# Debian wants its changelog and man pages compressed, and the licence in copyright
configure_file(${CMAKE_SOURCE_DIR}/packaging/changelog.in ${CMAKE_BINARY_DIR}/packaging/changelog @ONLY)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/packaging/changelog.gz
  COMMAND gzip -9n -c ${CMAKE_BINARY_DIR}/packaging/changelog > ${CMAKE_BINARY_DIR}/packaging/changelog.gz
  DEPENDS ${CMAKE_BINARY_DIR}/packaging/changelog VERBATIM)
add_custom_target(sc_package_docs ALL DEPENDS ${CMAKE_BINARY_DIR}/packaging/changelog.gz)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/copyright ${CMAKE_BINARY_DIR}/packaging/changelog.gz
  DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT tools)

set(CPACK_PACKAGE_NAME spotcheck)
set(CPACK_PACKAGE_VENDOR "spotcheck maintainers")
set(CPACK_PACKAGE_CONTACT "${SC_DEB_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "supervision sampling inspection statistics")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME spotcheck)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# charts are drawn by gnuplot, with Chinese labels in the Noto CJK fonts; report.docx by pandoc
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnuplot-nox | gnuplot, fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "pandoc, bash-completion")
# the extended description: CPack puts the summary above it and a space before each line
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Command-line tools for the statistics of supervision sampling inspection
(监督抽查): pass rates with confidence intervals (eleven methods), comparisons
of regions and categories, year-on-year and quarter-on-quarter changes,
trends and control charts, unqualified items, ISO 2859-1 and ISO 2859-4
sampling plans, reproducible random draws and a quarterly report.
.
They read CSV in UTF-8 or GB18030 (Excel, WPS, psql --csv) and write tables
as text, CSV, TSV, JSON, Markdown or Excel workbooks, and charts with
gnuplot.")
include(CPack)
