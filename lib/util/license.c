/* license.c - licence name normalisation; see license.h. */
#include "util/license.h"
#include "util/buf.h"
#include "util/err.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

/* One alias: the standardised spelling (upper case, suffixes removed), the SPDX identifier
 * and whether the alias itself implies "or later". Sorted by key (bytewise). */
struct alias {
	const char *key;
	const char *spdx;
	bool plus;
};

static const struct alias aliases[] = {
	{ "(NEW) BSD", "BSD-3-Clause", false },
	{ "0BSD", "0BSD", false },
	{ "2-CLAUSE BSD", "BSD-2-Clause", false },
	{ "2-CLAUSE BSDL", "BSD-2-Clause", false },
	{ "3-CLAUSE BDSL", "BSD-3-Clause", false },
	{ "3-CLAUSE BSD", "BSD-3-Clause", false },
	{ "ACADEMIC FREE LICENSE (AFL)", "AFL-2.1", false },
	{ "ACADEMIC FREE LICENSE (AFL-2.1", "AFL-2.1", false },
	{ "AFFERO GENERAL PUBLIC LICENSE (AGPL-3", "AGPL-3.0", false },
	{ "AFL", "AFL-3.0", false },
	{ "AFL-1.1", "AFL-1.1", false },
	{ "AFL-1.2", "AFL-1.2", false },
	{ "AFL-2", "AFL-2.0", false },
	{ "AFL-2.0", "AFL-2.0", false },
	{ "AFL-2.1", "AFL-2.1", false },
	{ "AFL-3.0", "AFL-3.0", false },
	{ "AGPL", "AGPL-3.0", false },
	{ "AGPL-1.0", "AGPL-1.0", false },
	{ "AGPL-3.0", "AGPL-3.0", false },
	{ "AL-2", "Apache-2.0", false },
	{ "AL-2.0", "Apache-2.0", false },
	{ "APACHE", "Apache-2.0", false },
	{ "APACHE 2 STYLE", "Apache-2.0", false },
	{ "APACHE LICENSE, ASL-2.0", "Apache-2.0", false },
	{ "APACHE LICENSE, VERSION 2.0 (HTTP://WWW.APACHE.ORG/LICENSES/LICENSE-2.0",
		"Apache-2.0", false },
	{ "APACHE PUBLIC-1.1", "Apache-1.1", false },
	{ "APACHE PUBLIC-2", "Apache-2.0", false },
	{ "APACHE PUBLIC-2.0", "Apache-2.0", false },
	{ "APACHE SOFTWARE", "Apache-2.0", false },
	{ "APACHE SOFTWARE LICENSE (APACHE-2", "Apache-2.0", false },
	{ "APACHE SOFTWARE LICENSE (APACHE-2.0", "Apache-2.0", false },
	{ "APACHE SOFTWARE LICENSES", "Apache-2.0", false },
	{ "APACHE SOFTWARE-1.1", "Apache-1.1", false },
	{ "APACHE SOFTWARE-2", "Apache-2.0", false },
	{ "APACHE SOFTWARE-2.0", "Apache-2.0", false },
	{ "APACHE VERSION 2.0, JANUARY 2004", "Apache-2.0", false },
	{ "APACHE-1", "Apache-1.0", false },
	{ "APACHE-1.0", "Apache-1.0", false },
	{ "APACHE-1.1", "Apache-1.1", false },
	{ "APACHE-2", "Apache-2.0", false },
	{ "APACHE-2.0", "Apache-2.0", false },
	{ "APACHE-2.0 */ &#39; &QUOT; &#X3D;END --", "Apache-2.0", false },
	{ "APACHE-STYLE", "Apache-2.0", false },
	{ "APL-2", "Apache-2.0", false },
	{ "APL-2.0", "Apache-2.0", false },
	{ "APPLE PUBLIC SOURCE", "APSL-1.0", false },
	{ "APSL-1.0", "APSL-1.0", false },
	{ "APSL-1.1", "APSL-1.1", false },
	{ "APSL-1.2", "APSL-1.2", false },
	{ "APSL-2.0", "APSL-2.0", false },
	{ "ARTISTIC", "Artistic-2.0", false },
	{ "ARTISTIC-1.0", "Artistic-1.0", false },
	{ "ARTISTIC-1.0-CL-8", "Artistic-1.0-cl8", false },
	{ "ARTISTIC-1.0-PERL", "Artistic-1.0-Perl", false },
	{ "ARTISTIC-2.0", "Artistic-2.0", false },
	{ "ASF-1", "Apache-1.0", false },
	{ "ASF-1.0", "Apache-1.0", false },
	{ "ASF-1.1", "Apache-1.1", false },
	{ "ASF-2", "Apache-2.0", false },
	{ "ASF-2.0", "Apache-2.0", false },
	{ "ASL", "Apache-2.0", false },
	{ "ASL-1", "Apache-1.0", false },
	{ "ASL-1.0", "Apache-1.0", false },
	{ "ASL-1.1", "Apache-1.1", false },
	{ "ASL-2", "Apache-2.0", false },
	{ "ASL-2.0", "Apache-2.0", false },
	{ "BCL", "BCL", false },
	{ "BEERWARE", "Beerware", false },
	{ "BERKELEY SOFTWARE DISTRIBUTION (BSD)", "BSD-2-Clause", false },
	{ "BOOST", "BSL-1.0", false },
	{ "BOOST SOFTWARE", "BSL-1.0", false },
	{ "BOOST SOFTWARE LICENSE 1.0 (BSL-1.0", "BSL-1.0", false },
	{ "BOOST-1.0", "BSL-1.0", false },
	{ "BOUNCY", "MIT", false },
	{ "BOUNCY CASTLE", "MIT", false },
	{ "BSD", "BSD-3-Clause", false },
	{ "BSD (3-CLAUSE)", "BSD-3-Clause", false },
	{ "BSD - SEE NDG/HTTPSCLIENT/LICENSE FILE FOR DETAILS", "BSD-3-Clause", false },
	{ "BSD 2 CLAUSE", "BSD-2-Clause", false },
	{ "BSD 2-CLAUSE", "BSD-2-Clause", false },
	{ "BSD 3 CLAUSE", "BSD-3-Clause", false },
	{ "BSD 3-CLAUSE", "BSD-3-Clause", false },
	{ "BSD 3-CLAUSE \"NEW\" OR \"REVISED\" LICENSE (BSD-3-CLAUSE)", "BSD-3-Clause", false },
	{ "BSD 3-CLAUSE NEW", "BSD-3-Clause", false },
	{ "BSD 4 CLAUSE", "BSD-4-Clause", false },
	{ "BSD 4-CLAUSE", "BSD-4-Clause", false },
	{ "BSD FOUR CLAUSE", "BSD-4-Clause", false },
	{ "BSD LICENSE FOR HSQL", "BSD-3-Clause", false },
	{ "BSD NEW", "BSD-3-Clause", false },
	{ "BSD SOFTWARE", "BSD-2-Clause", false },
	{ "BSD STYLE", "BSD-3-Clause", false },
	{ "BSD THREE CLAUSE", "BSD-3-Clause", false },
	{ "BSD TWO CLAUSE", "BSD-2-Clause", false },
	{ "BSD*", "BSD-3-Clause", false },
	{ "BSD-2", "BSD-2-Clause", false },
	{ "BSD-2-CLAUSE", "BSD-2-Clause", false },
	{ "BSD-2-CLAUSE-FREEBSD", "BSD-2-Clause-FreeBSD", false },
	{ "BSD-2-CLAUSE-NETBSD", "BSD-2-Clause-NetBSD", false },
	{ "BSD-3", "BSD-3-Clause", false },
	{ "BSD-3 CLAUSE", "BSD-3-Clause", false },
	{ "BSD-3-CLAUSE", "BSD-3-Clause", false },
	{ "BSD-3-CLAUSE-ATTRIBUTION", "BSD-3-Clause-Attribution", false },
	{ "BSD-3-CLAUSE-CLEAR", "BSD-3-Clause-Clear", false },
	{ "BSD-3-CLAUSE-LBNL", "BSD-3-Clause-LBNL", false },
	{ "BSD-4", "BSD-4-Clause", false },
	{ "BSD-4-CLAUSE", "BSD-4-Clause", false },
	{ "BSD-4-CLAUSE-UC", "BSD-4-Clause-UC", false },
	{ "BSD-LIKE", "BSD-3-Clause", false },
	{ "BSD-PROTECTION", "BSD-Protection", false },
	{ "BSD-STYLE", "BSD-3-Clause", false },
	{ "BSD-STYLE + ATTRIBUTION", "BSD-3-Clause-Attribution", false },
	{ "BSD-VARIANT", "BSD-3-Clause", false },
	{ "BSL", "BSL-1.0", false },
	{ "BSL-1.0", "BSL-1.0", false },
	{ "CC BY-NC-SA-2.0", "CC-BY-NC-SA-2.0", false },
	{ "CC BY-NC-SA-2.5", "CC-BY-NC-SA-2.5", false },
	{ "CC BY-NC-SA-3.0", "CC-BY-NC-SA-3.0", false },
	{ "CC BY-NC-SA-4.0", "CC-BY-NC-SA-4.0", false },
	{ "CC BY-SA-2.0", "CC-BY-SA-2.0", false },
	{ "CC BY-SA-2.5", "CC-BY-SA-2.5", false },
	{ "CC BY-SA-3.0", "CC-BY-SA-3.0", false },
	{ "CC BY-SA-4.0", "CC-BY-SA-4.0", false },
	{ "CC-BY-1.0", "CC-BY-1.0", false },
	{ "CC-BY-2.0", "CC-BY-2.0", false },
	{ "CC-BY-2.5", "CC-BY-2.5", false },
	{ "CC-BY-3.0", "CC-BY-3.0", false },
	{ "CC-BY-4.0", "CC-BY-4.0", false },
	{ "CC-BY-NC-1.0", "CC-BY-NC-1.0", false },
	{ "CC-BY-NC-2.0", "CC-BY-NC-2.0", false },
	{ "CC-BY-NC-2.5", "CC-BY-NC-2.5", false },
	{ "CC-BY-NC-3.0", "CC-BY-NC-3.0", false },
	{ "CC-BY-NC-4.0", "CC-BY-NC-4.0", false },
	{ "CC-BY-NC-ND-1.0", "CC-BY-NC-ND-1.0", false },
	{ "CC-BY-NC-ND-2.0", "CC-BY-NC-ND-2.0", false },
	{ "CC-BY-NC-ND-2.5", "CC-BY-NC-ND-2.5", false },
	{ "CC-BY-NC-ND-3.0", "CC-BY-NC-ND-3.0", false },
	{ "CC-BY-NC-ND-4.0", "CC-BY-NC-ND-4.0", false },
	{ "CC-BY-NC-SA-1.0", "CC-BY-NC-SA-1.0", false },
	{ "CC-BY-NC-SA-2.0", "CC-BY-NC-SA-2.0", false },
	{ "CC-BY-NC-SA-2.5", "CC-BY-NC-SA-2.5", false },
	{ "CC-BY-NC-SA-3.0", "CC-BY-NC-SA-3.0", false },
	{ "CC-BY-NC-SA-4.0", "CC-BY-NC-SA-4.0", false },
	{ "CC-BY-ND-1.0", "CC-BY-ND-1.0", false },
	{ "CC-BY-ND-2.0", "CC-BY-ND-2.0", false },
	{ "CC-BY-ND-2.5", "CC-BY-ND-2.5", false },
	{ "CC-BY-ND-3.0", "CC-BY-ND-3.0", false },
	{ "CC-BY-ND-4.0", "CC-BY-ND-4.0", false },
	{ "CC-BY-SA-1.0", "CC-BY-SA-1.0", false },
	{ "CC-BY-SA-2.0", "CC-BY-SA-2.0", false },
	{ "CC-BY-SA-2.5", "CC-BY-SA-2.5", false },
	{ "CC-BY-SA-3.0", "CC-BY-SA-3.0", false },
	{ "CC-BY-SA-4.0", "CC-BY-SA-4.0", false },
	{ "CC0", "CC0-1.0", false },
	{ "CC0 1.0 UNIVERSAL", "CC0-1.0", false },
	{ "CC0 1.0 UNIVERSAL (CC0 1.0) PUBLIC DOMAIN DEDICATION", "CC0-1.0", false },
	{ "CC0-1.0", "CC0-1.0", false },
	{ "CDDL", "CDDL-1.0", false },
	{ "CDDL-1", "CDDL-1.0", false },
	{ "CDDL-1.0", "CDDL-1.0", false },
	{ "CDDL-1.1", "CDDL-1.1", false },
	{ "COMMON DEVELOPMENT AND DISTRIBUTION", "CDDL-1.0", false },
	{ "COMMON DEVELOPMENT AND DISTRIBUTION LICENSE (CDDL)-1.0", "CDDL-1.0", false },
	{ "COMMON DEVELOPMENT AND DISTRIBUTION LICENSE (CDDL)-1.1", "CDDL-1.1", false },
	{ "COMMON DEVELOPMENT AND DISTRIBUTION LICENSE 1.0 (CDDL-1.0", "CDDL-1.0", false },
	{ "COMMON DEVELOPMENT AND DISTRIBUTION LICENSE 1.1 (CDDL-1.1", "CDDL-1.1", false },
	{ "COMMON PUBLIC", "CPL-1.0", false },
	{ "COMMON PUBLIC-1.0", "CPL-1.0", false },
	{ "COMMONS-CLAUSE", "Commons-Clause", false },
	{ "CPAL", "CPAL-1.0", false },
	{ "CPAL-1.0", "CPAL-1.0", false },
	{ "CPL", "CPL-1.0", false },
	{ "CPL-1.0", "CPL-1.0", false },
	{ "CREATIVE COMMONS", "CC-BY-3.0", false },
	{ "CREATIVE COMMONS - ATTRIBUTION 4.0 INTERNATIONAL", "CC-BY-4.0", false },
	{ "CREATIVE COMMONS - BY", "CC-BY-3.0", false },
	{ "CREATIVE COMMONS 3.0 BY-SA", "CC-BY-SA-3.0", false },
	{ "CREATIVE COMMONS ATTRIBUTION", "CC-BY-3.0", false },
	{ "CREATIVE COMMONS ATTRIBUTION 3.0 UNPORTED (CC BY-3.0", "CC-BY-3.0", false },
	{ "CREATIVE COMMONS ATTRIBUTION 4.0 INTERNATIONAL (CC BY-4.0", "CC-BY-4.0", false },
	{ "CREATIVE COMMONS ATTRIBUTION 4.0 INTERNATIONAL PUBLIC", "CC-BY-4.0", false },
	{ "CREATIVE COMMONS ATTRIBUTION-1.0", "CC-BY-1.0", false },
	{ "CREATIVE COMMONS ATTRIBUTION-2.5", "CC-BY-2.5", false },
	{ "CREATIVE COMMONS ATTRIBUTION-3.0", "CC-BY-3.0", false },
	{ "CREATIVE COMMONS ATTRIBUTION-4.0", "CC-BY-4.0", false },
	{ "CREATIVE COMMONS ATTRIBUTION-NONCOMMERCIAL 4.0 INTERNATIONAL", "CC-BY-NC-4.0", false },
	{ "CREATIVE COMMONS ATTRIBUTION-NONCOMMERCIAL-NODERIVATIVES 4.0 INTERNATIONAL",
		"CC-BY-NC-ND-4.0", false },
	{ "CREATIVE COMMONS ATTRIBUTION-NONCOMMERCIAL-SHAREALIKE 3.0 UNPORTED (CC BY-NC-SA-"
		"3.0",
		"CC-BY-NC-SA-3.0", false },
	{ "CREATIVE COMMONS ATTRIBUTION-NONCOMMERCIAL-SHAREALIKE 4.0 INTERNATIONAL PUBLIC",
		"CC-BY-NC-SA-4.0", false },
	{ "CREATIVE COMMONS CC0", "CC0-1.0", false },
	{ "CREATIVE COMMONS GNU LGPL-2.1", "LGPL-2.1", false },
	{ "CREATIVE COMMONS LICENSE ATTRIBUTION-NODERIVS 3.0 UNPORTED", "CC-BY-NC-ND-3.0", false },
	{ "CREATIVE COMMONS LICENSE ATTRIBUTION-NONCOMMERCIAL-SHAREALIKE 3.0 UNPORTED",
		"CC-BY-NC-SA-3.0", false },
	{ "CREATIVE COMMONS ZERO", "CC0-1.0", false },
	{ "CREATIVE COMMONS-3.0", "CC-BY-3.0", false },
	{ "ECLIPSE", "EPL-1.0", false },
	{ "ECLIPSE DISTRIBUTION LICENSE (EDL)-1.0", "BSD-3-Clause", false },
	{ "ECLIPSE DISTRIBUTION LICENSE (NEW BSD LICENSE)", "BSD-3-Clause", false },
	{ "ECLIPSE DISTRIBUTION-1.0", "BSD-3-Clause", false },
	{ "ECLIPSE PUBLIC", "EPL-1.0", false },
	{ "ECLIPSE PUBLIC LICENSE (EPL)", "EPL-1.0", false },
	{ "ECLIPSE PUBLIC LICENSE (EPL)-1.0", "EPL-1.0", false },
	{ "ECLIPSE PUBLIC LICENSE (EPL)-2.0", "EPL-2.0", false },
	{ "ECLIPSE PUBLIC LICENSE 1.0 (EPL-1.0", "EPL-1.0", false },
	{ "ECLIPSE PUBLIC LICENSE 2.0 (EPL-2.0", "EPL-2.0", false },
	{ "ECLIPSE PUBLIC-1.0", "EPL-1.0", false },
	{ "ECLIPSE PUBLIC-2.0", "EPL-2.0", false },
	{ "ECLIPSE PUBLISH-1.0", "EPL-1.0", false },
	{ "ECLIPSE-1.0", "EPL-1.0", false },
	{ "ECLIPSE-2.0", "EPL-2.0", false },
	{ "EDL-1.0", "BSD-3-Clause", false },
	{ "EGENIX", "eGenix", false },
	{ "EPL", "EPL-1.0", false },
	{ "EPL (ECLIPSE PUBLIC LICENSE)-1.0", "EPL-1.0", false },
	{ "EPL-1.0", "EPL-1.0", false },
	{ "EPL-2.0", "EPL-2.0", false },
	{ "EU PUBLIC LICENSE 1.0 (EUPL-1.0", "EUPL-1.0", false },
	{ "EU PUBLIC LICENSE 1.1 (EUPL-1.1", "EUPL-1.1", false },
	{ "EUPL", "EUPL-1.0", false },
	{ "EUPL-1.0", "EUPL-1.0", false },
	{ "EUPL-1.1", "EUPL-1.1", false },
	{ "EUROPEAN UNION PUBLIC LICENSE (EUPL-1.0", "EUPL-1.0", false },
	{ "EUROPEAN UNION PUBLIC LICENSE (EUPL-1.1", "EUPL-1.1", false },
	{ "EUROPEAN UNION PUBLIC LICENSE 1.0 (EUPL-1.0", "EUPL-1.0", false },
	{ "EUROPEAN UNION PUBLIC LICENSE 1.1 (EUPL-1.1", "EUPL-1.1", false },
	{ "EUROPEAN UNION PUBLIC-1.0", "EUPL-1.0", false },
	{ "EUROPEAN UNION PUBLIC-1.1", "EUPL-1.1", false },
	{ "EXPAT", "MIT", false },
	{ "EXPAT (MIT/X11)", "MIT", false },
	{ "FACEBOOK-2-CLAUSE", "Facebook-2-Clause", false },
	{ "FACEBOOK-3-CLAUSE", "Facebook-3-Clause", false },
	{ "FACEBOOK-EXAMPLES", "Facebook-Examples", false },
	{ "FDL", "GFDL-1.3", true },
	{ "FREEIMAGE", "FreeImage", false },
	{ "FTL", "FTL", false },
	{ "GENERAL PUBLIC LICENSE (GPL)", "GPL-2.0", true },
	{ "GENERAL PUBLIC LICENSE 2.0 (GPL)", "GPL-2.0", false },
	{ "GFDL", "GFDL-1.3", true },
	{ "GFDL-1.1", "GFDL-1.1", false },
	{ "GFDL-1.1-INVARIANTS", "GFDL-1.1-invariants", false },
	{ "GFDL-1.1-NO-INVARIANTS", "GFDL-1.1-no-invariants", false },
	{ "GFDL-1.2", "GFDL-1.2", false },
	{ "GFDL-1.2-INVARIANTS", "GFDL-1.2-invariants", false },
	{ "GFDL-1.2-NO-INVARIANTS", "GFDL-1.2-no-invariants", false },
	{ "GFDL-1.3", "GFDL-1.3", false },
	{ "GFDL-1.3-INVARIANTS", "GFDL-1.3-invariants", false },
	{ "GFDL-1.3-NO-INVARIANTS", "GFDL-1.3-no-invariants", false },
	{ "GFDL-NIV-1.3", "GFDL-1.3-no-invariants", false },
	{ "GNU AFFERO GENERAL PUBLIC LICENSE V3 (AGPL-3", "AGPL-3.0", false },
	{ "GNU AFFERO GENERAL PUBLIC LICENSE V3 (AGPL-3.0", "AGPL-3.0", false },
	{ "GNU AFFERO GENERAL PUBLIC LICENSE V3 OR LATER (AGPL3+)", "AGPL-3.0", true },
	{ "GNU AFFERO GENERAL PUBLIC LICENSE V3 OR LATER (AGPLV3+)", "AGPL-3.0", true },
	{ "GNU AFFERO GENERAL PUBLIC-3", "AGPL-3.0", false },
	{ "GNU FREE DOCUMENTATION LICENSE (FDL)", "GFDL-1.3", true },
	{ "GNU FREE DOCUMENTATION LICENSE (GFDL-1.3", "GFDL-1.3", false },
	{ "GNU GENERAL LESSER PUBLIC LICENSE (LGPL)-2.1", "LGPL-2.1", false },
	{ "GNU GENERAL LESSER PUBLIC LICENSE (LGPL)-3.0", "LGPL-3.0", false },
	{ "GNU GENERAL PUBLIC LIBRARY", "GPL-3.0", true },
	{ "GNU GENERAL PUBLIC LICENSE (GPL)", "GPL-3.0", true },
	{ "GNU GENERAL PUBLIC LICENSE (GPL), VERSION 2, WITH CLASSPATH EXCEPTION",
		"GPL-2.0-with-classpath-exception", false },
	{ "GNU GENERAL PUBLIC LICENSE (GPL), VERSION 2, WITH THE CLASSPATH EXCEPTION",
		"GPL-2.0-with-classpath-exception", false },
	{ "GNU GENERAL PUBLIC LICENSE (GPL)-2", "GPL-2.0", false },
	{ "GNU GENERAL PUBLIC LICENSE (GPL)-3", "GPL-3.0", false },
	{ "GNU GENERAL PUBLIC LICENSE V2 (GPL-2", "GPL-2.0", false },
	{ "GNU GENERAL PUBLIC LICENSE V2 OR LATER (GPLV2+)", "GPL-2.0", true },
	{ "GNU GENERAL PUBLIC LICENSE V2.0 ONLY, WITH CLASSPATH EXCEPTION",
		"GPL-2.0-with-classpath-exception", false },
	{ "GNU GENERAL PUBLIC LICENSE V3 (GPL-3", "GPL-3.0", false },
	{ "GNU GENERAL PUBLIC LICENSE V3 OR LATER (GPLV3+)", "GPL-3.0", true },
	{ "GNU GENERAL PUBLIC LICENSE VERSION 2 (GPL-2", "GPL-2.0", false },
	{ "GNU GENERAL PUBLIC LICENSE VERSION 2, JUNE 1991", "GPL-2.0", false },
	{ "GNU GENERAL PUBLIC LICENSE VERSION 3 (GPL-3", "GPL-3.0", false },
	{ "GNU GENERAL PUBLIC LICENSE, VERSION 2 (GPL2), WITH THE CLASSPATH EXCEPTION",
		"GPL-2.0-with-classpath-exception", false },
	{ "GNU GENERAL PUBLIC LICENSE, VERSION 2 WITH THE CLASSPATH EXCEPTION",
		"GPL-2.0-with-classpath-exception", false },
	{ "GNU GENERAL PUBLIC LICENSE, VERSION 2 WITH THE GNU CLASSPATH EXCEPTION",
		"GPL-2.0-with-classpath-exception", false },
	{ "GNU GENERAL PUBLIC LICENSE, VERSION 2, WITH THE CLASSPATH EXCEPTION",
		"GPL-2.0-with-classpath-exception", false },
	{ "GNU GENERAL PUBLIC-2", "GPL-2.0", false },
	{ "GNU GENERAL PUBLIC-3", "GPL-3.0", false },
	{ "GNU GPL", "GPL-2.0", false },
	{ "GNU GPL-2", "GPL-2.0", false },
	{ "GNU GPL-3", "GPL-3.0", false },
	{ "GNU LESSER", "LGPL-2.1", false },
	{ "GNU LESSER GENERAL PUBLIC", "LGPL-2.1", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE (LGPL)", "LGPL-2.1", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE (LGPL)-2", "LGPL-2.0", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE (LGPL)-2.0", "LGPL-2.0", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE (LGPL)-2.1", "LGPL-2.1", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE (LGPL)-3", "LGPL-3.0", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE (LGPL)-3.0", "LGPL-3.0", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE (LGPL-2", "LGPL-2.0", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE (LGPL-2.0", "LGPL-2.0", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE (LGPL-2.1", "LGPL-2.1", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE (LGPL-3", "LGPL-3.0", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE (LGPL-3.0", "LGPL-3.0", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE V2 (LGPL-2", "LGPL-2.0", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE V2 OR LATER (LGPLV2+)", "LGPL-2.0", true },
	{ "GNU LESSER GENERAL PUBLIC LICENSE V3 (LGPL-3", "LGPL-3.0", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE V3 OR LATER (LGPLV3+)", "LGPL-3.0", true },
	{ "GNU LESSER GENERAL PUBLIC LICENSE VERSION 2.1 (LGPL-2.1", "LGPL-2.1", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE VERSION 2.1, FEBRUARY 1999", "LGPL-2.1", false },
	{ "GNU LESSER GENERAL PUBLIC LICENSE, VERSION 2.1, FEBRUARY 1999", "LGPL-2.1", false },
	{ "GNU LESSER GENERAL PUBLIC-2", "LGPL-2.0", false },
	{ "GNU LESSER GENERAL PUBLIC-2.0", "LGPL-2.0", false },
	{ "GNU LESSER GENERAL PUBLIC-2.1", "LGPL-2.1", false },
	{ "GNU LESSER GENERAL PUBLIC-3", "LGPL-3.0", false },
	{ "GNU LESSER GENERAL PUBLIC-3.0", "LGPL-3.0", false },
	{ "GNU LESSER PUBLIC", "LGPL-2.1", false },
	{ "GNU LGP (GNU GENERAL PUBLIC LICENSE)-2", "LGPL-2.0", false },
	{ "GNU LGPL", "LGPL-2.1", false },
	{ "GNU LGPL (GNU LESSER GENERAL PUBLIC LICENSE)-2.1", "LGPL-2.1", false },
	{ "GNU LGPL-2", "LGPL-2.0", false },
	{ "GNU LGPL-2.0", "LGPL-2.0", false },
	{ "GNU LGPL-2.1", "LGPL-2.1", false },
	{ "GNU LGPL-3", "LGPL-3.0", false },
	{ "GNU LGPL-3.0", "LGPL-3.0", false },
	{ "GNU LIBRARY GENERAL PUBLIC-2.0", "LGPL-2.0", false },
	{ "GNU LIBRARY GENERAL PUBLIC-2.1", "LGPL-2.1", false },
	{ "GNU LIBRARY OR LESSER GENERAL PUBLIC LICENSE (LGPL)", "LGPL-2.1", false },
	{ "GNU LIBRARY OR LESSER GENERAL PUBLIC LICENSE VERSION 2.0 (LGPL-2", "LGPL-2.0", false },
	{ "GNU LIBRARY OR LESSER GENERAL PUBLIC LICENSE VERSION 3.0 (LGPL-3", "LGPL-3.0", false },
	{ "GNU PUBLIC", "GPL-2.0", true },
	{ "GO", "BSD-3-Clause", false },
	{ "GPL", "GPL-2.0", true },
	{ "GPL (WITH DUAL LICENSING OPTION)", "GPL-2.0", false },
	{ "GPL (\342\211\245 3)", "GPL-3.0", true },
	{ "GPL 2 WITH CLASSPATH EXCEPTION", "GPL-2.0-with-classpath-exception", false },
	{ "GPL V2 WITH CLASSPATH EXCEPTION", "GPL-2.0-with-classpath-exception", false },
	{ "GPL-1", "GPL-1.0", false },
	{ "GPL-1.0", "GPL-1.0", false },
	{ "GPL-2", "GPL-2.0", false },
	{ "GPL-2+ WITH AUTOCONF EXCEPTION", "GPL-2.0-with-autoconf-exception", true },
	{ "GPL-2+-WITH-BISON-EXCEPTION", "GPL-2.0-with-bison-exception", true },
	{ "GPL-2.0", "GPL-2.0", false },
	{ "GPL-2.0-WITH-AUTOCONF-EXCEPTION", "GPL-2.0-with-autoconf-exception", false },
	{ "GPL-2.0-WITH-BISON-EXCEPTION", "GPL-2.0-with-bison-exception", false },
	{ "GPL-2.0-WITH-CLASSPATH-EXCEPTION", "GPL-2.0-with-classpath-exception", false },
	{ "GPL-2.0-WITH-FONT-EXCEPTION", "GPL-2.0-with-font-exception", false },
	{ "GPL-2.0-WITH-GCC-EXCEPTION", "GPL-2.0-with-GCC-exception", false },
	{ "GPL-3", "GPL-3.0", false },
	{ "GPL-3+ WITH AUTOCONF EXCEPTION", "GPL-3.0-with-autoconf-exception", true },
	{ "GPL-3+-WITH-BISON-EXCEPTION", "GPL-2.0-with-bison-exception", true },
	{ "GPL-3.0", "GPL-3.0", false },
	{ "GPL-3.0-WITH-AUTOCONF-EXCEPTION", "GPL-3.0-with-autoconf-exception", false },
	{ "GPL-3.0-WITH-GCC-EXCEPTION", "GPL-3.0-with-GCC-exception", false },
	{ "GPL2 W/ CPE", "GPL-2.0-with-classpath-exception", false },
	{ "GPLV2 LICENSE, INCLUDES THE CLASSPATH EXCEPTION",
		"GPL-2.0-with-classpath-exception", false },
	{ "GPLV2 WITH CLASSPATH EXCEPTION", "GPL-2.0-with-classpath-exception", false },
	{ "GPLV2 WITH EXCEPTIONS", "GPL-2.0-with-classpath-exception", false },
	{ "GPLV2+CE", "GPL-2.0-with-classpath-exception", true },
	{ "GUST-FONT", "GUST-Font-License", false },
	{ "HSQLDB", "BSD-3-Clause", false },
	{ "HSQLDB LICENSE, A BSD OPEN SOURCE", "BSD-3-Clause", false },
	{ "HTTP://ANT-CONTRIB.SOURCEFORGE.NET/TASKS/LICENSE.TXT", "Apache-1.1", false },
	{ "HTTP://ASM.OW2.ORG/LICENSE.HTML", "BSD-3-Clause", false },
	{ "HTTP://CREATIVECOMMONS.ORG/PUBLICDOMAIN/ZERO/1.0/LEGALCODE", "CC0-1.0", false },
	{ "HTTP://EN.WIKIPEDIA.ORG/WIKI/ZLIB_LICENSE", "Zlib", false },
	{ "HTTP://JSON.CODEPLEX.COM/LICENSE", "MIT", false },
	{ "HTTP://POLYMER.GITHUB.IO/LICENSE.TXT", "BSD-3-Clause", false },
	{ "HTTP://WWW.APACHE.ORG/LICENSES/LICENSE-2.0", "Apache-2.0", false },
	{ "HTTP://WWW.APACHE.ORG/LICENSES/LICENSE-2.0.HTML", "Apache-2.0", false },
	{ "HTTP://WWW.APACHE.ORG/LICENSES/LICENSE-2.0.TXT", "Apache-2.0", false },
	{ "HTTP://WWW.GNU.ORG/COPYLEFT/LESSER.HTML", "LGPL-3.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-NC-ND/1.0", "CC-BY-NC-ND-1.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-NC-ND/2.0", "CC-BY-NC-ND-2.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-NC-ND/2.5", "CC-BY-NC-ND-2.5", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-NC-ND/3.0", "CC-BY-NC-ND-3.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-NC-ND/4.0", "CC-BY-NC-ND-4.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-NC-SA/1.0", "CC-BY-NC-SA-1.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-NC-SA/2.0", "CC-BY-NC-SA-2.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-NC-SA/2.5", "CC-BY-NC-SA-2.5", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-NC-SA/3.0", "CC-BY-NC-SA-3.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-NC-SA/4.0", "CC-BY-NC-SA-4.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-ND/1.0", "CC-BY-ND-1.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-ND/2.0", "CC-BY-ND-2.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-ND/2.5", "CC-BY-ND-2.5", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-ND/3.0", "CC-BY-ND-3.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-ND/4.0", "CC-BY-ND-4.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-SA/1.0", "CC-BY-SA-1.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-SA/2.0", "CC-BY-SA-2.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-SA/2.5", "CC-BY-SA-2.5", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-SA/3.0", "CC-BY-SA-3.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY-SA/4.0", "CC-BY-SA-4.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY/1.0", "CC-BY-1.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY/2.0", "CC-BY-2.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY/2.5", "CC-BY-2.5", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY/3.0", "CC-BY-3.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/LICENSES/BY/4.0", "CC-BY-4.0", false },
	{ "HTTPS://CREATIVECOMMONS.ORG/PUBLICDOMAIN/ZERO/1.0/", "CC0-1.0", false },
	{ "HTTPS://GITHUB.COM/DOTNET/CORE-SETUP/BLOB/MASTER/LICENSE.TXT", "MIT", false },
	{ "HTTPS://GITHUB.COM/DOTNET/COREFX/BLOB/MASTER/LICENSE.TXT", "MIT", false },
	{ "HTTPS://RAW.GITHUB.COM/RDFLIB/RDFLIB/MASTER/LICENSE", "BSD-3-Clause", false },
	{ "HTTPS://RAW.GITHUBUSERCONTENT.COM/ASPNET/ASPNETCORE/2.0.0/LICENSE.TXT",
		"Apache-2.0", false },
	{ "HTTPS://RAW.GITHUBUSERCONTENT.COM/ASPNET/HOME/2.0.0/LICENSE.TXT", "Apache-2.0", false },
	{ "HTTPS://RAW.GITHUBUSERCONTENT.COM/NUGET/NUGET.CLIENT/DEV/LICENSE.TXT",
		"Apache-2.0", false },
	{ "HTTPS://WWW.APACHE.ORG/LICENSES/LICENSE-2.0", "Apache-2.0", false },
	{ "HTTPS://WWW.ECLIPSE.ORG/LEGAL/EPL-V10.HTML", "EPL-1.0", false },
	{ "HTTPS://WWW.ECLIPSE.ORG/LEGAL/EPL-V20.HTML", "EPL-2.0", false },
	{ "IBM PUBLIC", "IPL-1.0", false },
	{ "IMAGEMAGICK", "ImageMagick", false },
	{ "INDIVIDUAL BSD", "BSD-3-Clause", false },
	{ "IPL-1.0", "IPL-1.0", false },
	{ "ISC", "ISC", false },
	{ "ISC LICENSE (ISCL)", "ISC", false },
	{ "ISCL", "ISC", false },
	{ "JQUERY", "MIT", false },
	{ "JYTHON SOFTWARE", "Python-2.0", false },
	{ "KIRKK.COM BSD", "BSD-3-Clause", false },
	{ "LESSER GENERAL PUBLIC LICENSE (LGPL)", "LGPL-2.1", true },
	{ "LESSER GENERAL PUBLIC LICENSE, VERSION 3 OR GREATER", "LGPL-3.0", true },
	{ "LGPL", "LGPL-2.0", true },
	{ "LGPL WITH EXCEPTIONS", "LGPL-3.0", false },
	{ "LGPL-2", "LGPL-2.0", false },
	{ "LGPL-2.0", "LGPL-2.0", false },
	{ "LGPL-2.1", "LGPL-2.1", false },
	{ "LGPL-3", "LGPL-3.0", false },
	{ "LGPL-3.0", "LGPL-3.0", false },
	{ "LGPLLR", "LGPLLR", false },
	{ "LIBPNG", "Libpng", false },
	{ "LICENSE AGREEMENT FOR OPEN SOURCE COMPUTER VISION LIBRARY (3-CLAUSE BSD LICENSE)",
		"BSD-3-Clause", false },
	{ "LIL-1.0", "Lil-1.0", false },
	{ "LINUX-OPENIB", "Linux-OpenIB", false },
	{ "LPGL, SEE LICENSE FILE.", "LGPL-3.0", true },
	{ "LPL-1.0", "LPL-1.0", false },
	{ "LPL-1.02", "LPL-1.02", false },
	{ "LPPL-1.3C", "LPPL-1.3c", false },
	{ "MIT", "MIT", false },
	{ "MIT (HTTP://MOOTOOLS.NET/LICENSE.TXT)", "MIT", false },
	{ "MIT / HTTP://REM.MIT-LICENSE.ORG", "MIT", false },
	{ "MIT LICENSE (HTTP://OPENSOURCE.ORG/LICENSES/MIT)", "MIT", false },
	{ "MIT LICENSE (MIT)", "MIT", false },
	{ "MIT LICENSE(MIT)", "MIT", false },
	{ "MIT LICENSED. HTTP://WWW.OPENSOURCE.ORG/LICENSES/MIT-LICENSE.PHP", "MIT", false },
	{ "MIT-0", "MIT", false },
	{ "MIT-LIKE", "MIT", false },
	{ "MIT-STYLE", "MIT", false },
	{ "MIT/EXPAT", "MIT", false },
	{ "MOCKRUNNER LICENSE, BASED ON APACHE SOFTWARE-1.1", "Apache-1.1", false },
	{ "MODIFIED BSD", "BSD-3-Clause", false },
	{ "MOZILLA PUBLIC", "MPL-2.0", false },
	{ "MOZILLA PUBLIC LICENSE 1.0 (MPL)", "MPL-1.0", false },
	{ "MOZILLA PUBLIC LICENSE 1.1 (MPL-1.1", "MPL-1.1", false },
	{ "MOZILLA PUBLIC LICENSE 2.0 (MPL-2.0", "MPL-2.0", false },
	{ "MOZILLA PUBLIC-1.0", "MPL-1.0", false },
	{ "MOZILLA PUBLIC-1.1", "MPL-1.1", false },
	{ "MOZILLA PUBLIC-2.0", "MPL-2.0", false },
	{ "MPL", "MPL-2.0", false },
	{ "MPL-1", "MPL-1.0", false },
	{ "MPL-1.0", "MPL-1.0", false },
	{ "MPL-1.1", "MPL-1.1", false },
	{ "MPL-2", "MPL-2.0", false },
	{ "MPL-2.0", "MPL-2.0", false },
	{ "MS-PL", "MS-PL", false },
	{ "NCSA", "NCSA", false },
	{ "NCSA OPEN SOURCE", "NCSA", false },
	{ "NETSCAPE", "NPL-1.1", false },
	{ "NETSCAPE PUBLIC", "NPL-1.0", false },
	{ "NETSCAPE PUBLIC LICENSE (NPL)", "NPL-1.0", false },
	{ "NEW BSD", "BSD-3-Clause", false },
	{ "NPL-1.0", "NPL-1.0", false },
	{ "NPL-1.1", "NPL-1.1", false },
	{ "OFL-1.1", "OFL-1.1", false },
	{ "OPEN SOFTWARE LICENSE 3.0 (OSL-3.0", "OSL-3.0", false },
	{ "OPEN SOFTWARE-3.0", "OSL-3.0", false },
	{ "OPENSSL", "OpenSSL", false },
	{ "OPENVISION", "OpenVision", false },
	{ "OSL-1", "OSL-1.0", false },
	{ "OSL-1.0", "OSL-1.0", false },
	{ "OSL-1.1", "OSL-1.1", false },
	{ "OSL-2", "OSL-2.0", false },
	{ "OSL-2.0", "OSL-2.0", false },
	{ "OSL-2.1", "OSL-2.1", false },
	{ "OSL-3", "OSL-3.0", false },
	{ "OSL-3.0", "OSL-3.0", false },
	{ "PERL ARTISTIC-2", "Artistic-1.0-Perl", false },
	{ "PHP-3.0", "PHP-3.0", false },
	{ "PHP-3.01", "PHP-3.01", false },
	{ "PIL", "PIL", false },
	{ "POSTGRESQL", "PostgreSQL", false },
	{ "PUBLIC DOMAIN (CC0-1.0)", "CC0-1.0", false },
	{ "PUBLIC DOMAIN, PER CREATIVE COMMONS CC0", "CC0-1.0", false },
	{ "PYTHON", "Python-2.0", false },
	{ "PYTHON-2", "Python-2.0", false },
	{ "PYTHON-2.0", "Python-2.0", false },
	{ "PYTHON-2.0-COMPLETE", "Python-2.0-complete", false },
	{ "QPL-1", "QPL-1.0", false },
	{ "QPL-1.0", "QPL-1.0", false },
	{ "QT PUBLIC", "QPL-1.0", false },
	{ "QT PUBLIC LICENSE (QPL)", "QPL-1.0", false },
	{ "REVISED BSD", "BSD-3-Clause", false },
	{ "RUBY", "Ruby", false },
	{ "RUBY'S", "Ruby", false },
	{ "SEQUENCE LIBRARY LICENSE (BSD-LIKE)", "BSD-3-Clause", false },
	{ "SGI-B-1.0", "SGI-B-1.0", false },
	{ "SGI-B-1.1", "SGI-B-1.1", false },
	{ "SGI-B-2.0", "SGI-B-2.0", false },
	{ "SIL OPEN FONT LICENSE 1.1 (OFL-1.1", "OFL-1.1", false },
	{ "SIL OPEN FONT-1.1", "OFL-1.1", false },
	{ "SIMPLIFIED BSD", "BSD-2-Clause", false },
	{ "SIMPLIFIED BSD LISCENCE", "BSD-2-Clause", false },
	{ "SISSL", "SISSL", false },
	{ "SISSL-1.2", "SISSL-1.2", false },
	{ "SLEEPYCAT", "Sleepycat", false },
	{ "SUN INDUSTRY STANDARDS SOURCE LICENSE (SISSL)", "SISSL", false },
	{ "THREE-CLAUSE BSD-STYLE", "BSD-3-Clause", false },
	{ "TWO-CLAUSE BSD-STYLE", "BSD-2-Clause", false },
	{ "UNICODE-DFS-2015", "Unicode-DFS-2015", false },
	{ "UNICODE-DFS-2016", "Unicode-DFS-2016", false },
	{ "UNICODE-TOU", "Unicode-TOU", false },
	{ "UNIVERSAL PERMISSIVE LICENSE (UPL)", "UPL-1.0", false },
	{ "UNIVERSAL PERMISSIVE-1.0", "UPL-1.0", false },
	{ "UNLICENSE", "Unlicense", false },
	{ "UNLICENSE (UNLICENSE)", "Unlicense", false },
	{ "UNLICENSED", "Unlicense", false },
	{ "UPL-1", "UPL-1.0", false },
	{ "UPL-1.0", "UPL-1.0", false },
	{ "W3C", "W3C", false },
	{ "W3C SOFTWARE", "W3C", false },
	{ "W3C-19980720", "W3C-19980720", false },
	{ "W3C-20150513", "W3C-20150513", false },
	{ "W3CL", "W3C", false },
	{ "WTF", "WTFPL", false },
	{ "WTFPL", "WTFPL", false },
	{ "X11", "X11", false },
	{ "XNET", "Xnet", false },
	{ "ZEND-2", "Zend-2.0", false },
	{ "ZEND-2.0", "Zend-2.0", false },
	{ "ZLIB", "Zlib", false },
	{ "ZLIB / LIBPNG", "zlib-acknowledgement", false },
	{ "ZLIB-ACKNOWLEDGEMENT", "zlib-acknowledgement", false },
	{ "ZLIB/LIBPNG", "zlib-acknowledgement", false },
	{ "ZOPE", "ZPL-2.1", false },
	{ "ZOPE PUBLIC", "ZPL-2.1", false },
	{ "ZOPE-1.1", "ZPL-1.1", false },
	{ "ZOPE-2.0", "ZPL-2.0", false },
	{ "ZOPE-2.1", "ZPL-2.1", false },
	{ "ZPL-1.1", "ZPL-1.1", false },
	{ "ZPL-2.0", "ZPL-2.0", false },
	{ "ZPL-2.1", "ZPL-2.1", false },
	{ "['MIT']", "MIT", false },
};

/* GNU licences are always written with "-only" or "-or-later". */
static const char *const gnu[] = {
	"AGPL-1.0", "AGPL-3.0", "GFDL-1.1-invariants", "GFDL-1.1-no-invariants", "GFDL-1.1",
	"GFDL-1.2-invariants", "GFDL-1.2-no-invariants", "GFDL-1.2", "GFDL-1.3-invariants",
	"GFDL-1.3-no-invariants", "GFDL-1.3", "GPL-1.0", "GPL-2.0", "GPL-3.0", "LGPL-2.0",
	"LGPL-2.1", "LGPL-3.0",
};

static const struct alias *lookup(struct ks_str key)
{
	size_t lo = 0, hi = sizeof(aliases) / sizeof(aliases[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t kl = strlen(aliases[mid].key), m = kl < key.n ? kl : key.n;
		int c = m ? memcmp(aliases[mid].key, key.p, m) : 0;

		if (c == 0)
			c = kl < key.n ? -1 : (kl > key.n ? 1 : 0);
		if (c == 0)
			return &aliases[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool is_gnu(const char *spdx)
{
	size_t i;

	for (i = 0; i < sizeof(gnu) / sizeof(gnu[0]); i++)
		if (strcmp(gnu[i], spdx) == 0)
			return true;
	return false;
}

static char upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* \s of Go's regexp syntax. */
static bool re_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static size_t skip_re_space(struct ks_str s, size_t i)
{
	while (i < s.n && re_space(s.p[i]))
		i++;
	return i;
}

/*
 * Case-insensitive matching in Go folds two non-ASCII letters onto ASCII ones: U+017F
 * (long s) matches "s" and U+212A (Kelvin sign) matches "k". Returns the byte length of
 * such a letter at s.p[i] and its ASCII upper-case twin in *c, else 0.
 */
static size_t folded_at(struct ks_str s, size_t i, char *c)
{
	if (i + 1 < s.n && (unsigned char)s.p[i] == 0xC5 && (unsigned char)s.p[i + 1] == 0xBF) {
		*c = 'S';
		return 2;
	}
	if (i + 2 < s.n && (unsigned char)s.p[i] == 0xE2 && (unsigned char)s.p[i + 1] == 0x84 &&
		(unsigned char)s.p[i + 2] == 0xAA) {
		*c = 'K';
		return 3;
	}
	return 0;
}

/* Byte length of the character at s.p[i] and, in *c, its upper case when ci. */
static size_t char_at(struct ks_str s, size_t i, bool ci, char *c)
{
	size_t k;

	if (ci && (k = folded_at(s, i, c)) > 0)
		return k;
	*c = ci ? upper(s.p[i]) : s.p[i];
	return 1;
}

/* Byte length of a character of the version pattern's name part, [A-UW-Z)], at s.p[i]
 * (case-insensitively when ci), or 0. */
static size_t name_char(struct ks_str s, size_t i, bool ci)
{
	size_t k;
	char c;

	if (i >= s.n)
		return 0;
	k = char_at(s, i, ci, &c);
	return (c == ')' || (c >= 'A' && c <= 'Z' && c != 'V')) ? k : 0;
}

/* If the upper-case literal lit is at s.p[i] (case-insensitively when ci), returns the
 * number of bytes it spans there, else (size_t)-1. */
static size_t lit_at(struct ks_str s, size_t i, const char *lit, bool ci)
{
	size_t start = i;
	char c;

	for (; *lit != '\0'; lit++) {
		if (i >= s.n)
			return (size_t)-1;
		i += char_at(s, i, ci, &c);
		if (c != *lit)
			return (size_t)-1;
	}
	return i - start;
}

/*
 * Matches what follows a maximal name run ending at s.p[e] against the rest of Trivy's
 * version pattern
 *     ( LICENSE)?\s*[,(-]?\s*(V|V\.|VERSION|VERSION-|-)?\s*([1-9](\.\d)*)[)]?
 * trying the alternatives in the order Go's leftmost-first regexp engine prefers them.
 * On success *d0..*d1 is the version number and *end the end of the match. With anchored
 * the match must end at the end of s ("$").
 */
static bool version_tail(struct ks_str s, size_t e, bool ci, bool anchored, size_t *d0,
	size_t *d1, size_t *end)
{
	static const char *const alts[] = { "V", "V.", "VERSION", "VERSION-", "-", "" };
	int lic, sep;
	size_t a;

	for (lic = 1; lic >= 0; lic--) {
		size_t i = e;

		if (lic) {
			size_t k = lit_at(s, i, " LICENSE", ci);

			if (k == (size_t)-1)
				continue;
			i += k;
		}
		i = skip_re_space(s, i);
		for (sep = 1; sep >= 0; sep--) {
			size_t j = i;

			if (sep) {
				if (j >= s.n || (s.p[j] != ',' && s.p[j] != '(' && s.p[j] != '-'))
					continue;
				j++;
			}
			j = skip_re_space(s, j);
			for (a = 0; a < sizeof(alts) / sizeof(alts[0]); a++) {
				size_t k = lit_at(s, j, alts[a], ci), m;

				if (k == (size_t)-1)
					continue;
				k = skip_re_space(s, j + k);
				if (k >= s.n || s.p[k] < '1' || s.p[k] > '9')
					continue;
				m = k + 1;
				while (m + 1 < s.n && s.p[m] == '.' && s.p[m + 1] >= '0' &&
					s.p[m + 1] <= '9')
					m += 2;
				*d0 = k;
				*d1 = m;
				if (m < s.n && s.p[m] == ')')
					m++;
				if (anchored && m != s.n)
					continue;
				*end = m;
				return true;
			}
		}
	}
	return false;
}

/*
 * Rewrites every match of the version pattern in s as "<name>-<version>" into out (Go's
 * ReplaceAllString with "$1-$4"); anchored keeps only a match that ends the string. Only
 * maximal runs of name characters can start a match: a shorter run is followed by a name
 * character, which nothing after the name part accepts. Linear in len(s).
 */
static int rewrite_versions(struct ks_str s, bool ci, bool anchored, struct ks_buf *out)
{
	size_t pos = 0;
	int r;

	while (pos < s.n) {
		size_t rs = pos, re, d0, d1, end, k, nc = 0;

		while (rs < s.n && name_char(s, rs, ci) == 0)
			rs++;
		for (re = rs; (k = name_char(s, re, ci)) > 0; re += k)
			nc++;
		if (nc >= 2 && version_tail(s, re, ci, anchored, &d0, &d1, &end)) {
			if ((r = ks_buf_add(out, s.p + pos, re - pos)) != 0 ||
				(r = ks_buf_addc(out, '-')) != 0 ||
				(r = ks_buf_add(out, s.p + d0, d1 - d0)) != 0)
				return r;
			pos = end;
			continue;
		}
		if ((r = ks_buf_add(out, s.p + pos, re - pos)) != 0)
			return r;
		pos = re;
	}
	return 0;
}

static bool cut_suffix(struct ks_str *s, const char *suf)
{
	size_t n = strlen(suf);

	if (s->n < n || memcmp(s->p + s->n - n, suf, n) != 0)
		return false;
	s->n -= n;
	return true;
}

/* Appends name upper-cased, its white-space runs collapsed to one space. */
static int upper_fields(struct ks_str name, struct ks_buf *b)
{
	struct ks_str rest = name, f;
	bool first = true;
	size_t i;
	int r;

	while (ks_str_field_next(&rest, &f)) {
		if (!first && (r = ks_buf_addc(b, ' ')) != 0)
			return r;
		first = false;
		for (i = 0; i < f.n; i++) {
			unsigned char c = (unsigned char)f.p[i];
			char u = upper((char)c);

			if (i + 1 < f.n && c == 0xC4 && (unsigned char)f.p[i + 1] == 0xB1) {
				u = 'I'; /* U+0131 dotless i */
				i++;
			} else if (i + 1 < f.n && c == 0xC5 && (unsigned char)f.p[i + 1] == 0xBF) {
				u = 'S'; /* U+017F long s */
				i++;
			}
			if ((r = ks_buf_addc(b, u)) != 0)
				return r;
		}
	}
	return 0;
}

/*
 * Brings a licence name into the form of the alias keys (Trivy's standardizeKeyAndSuffix):
 * upper case, single spaces, "LICENCE" spelt "LICENSE", no leading "THE " or trailing
 * "LICENSE(D)", the "+"/"OR LATER" marker moved to *plus, no "ONLY" marker and a trailing
 * version written "<NAME>-<n.n>". The result is left in *key, a view into tmp or out.
 */
static int standardize(struct ks_str name, struct ks_buf *tmp, struct ks_buf *out,
	struct ks_str *key, bool *plus)
{
	static const char *const license_sfx[] = { " LICENSE", " LICENSED", "-LICENSE",
		"-LICENSED" };
	static const char *const plus_sfx[] = { "+", "-OR-LATER", " OR LATER" };
	struct ks_str s;
	char *hit;
	size_t i;
	int r;

	*plus = false;
	if ((r = upper_fields(name, tmp)) != 0)
		return r;
	s.p = tmp->p;
	s.n = tmp->n;
	if (ks_str_hasprefix(s, "HTTP")) {
		*key = s;
		return 0;
	}
	for (i = 0; i + 7 <= tmp->n;) {
		if ((hit = memmem(tmp->p + i, tmp->n - i, "LICENCE", 7)) == NULL)
			break;
		hit[5] = 'S';
		i = (size_t)(hit - tmp->p) + 7;
	}
	if (ks_str_hasprefix(s, "THE ")) {
		s.p += 4;
		s.n -= 4;
	}
	for (i = 0; i < sizeof(license_sfx) / sizeof(license_sfx[0]); i++)
		cut_suffix(&s, license_sfx[i]);
	if (!ks_str_eq(s, "UNLICENSE"))
		cut_suffix(&s, "LICENSE");
	if (!ks_str_eq(s, "UNLICENSED"))
		cut_suffix(&s, "LICENSED");
	for (i = 0; i < sizeof(plus_sfx) / sizeof(plus_sfx[0]); i++)
		if (cut_suffix(&s, plus_sfx[i]))
			*plus = true;
	cut_suffix(&s, "-ONLY");
	cut_suffix(&s, " ONLY");
	if ((r = rewrite_versions(s, false, true, out)) != 0)
		return r;
	key->p = out->p;
	key->n = out->n;
	return 0;
}

int ks_license_normalize(struct ks_arena *a, struct ks_str name, const char **out)
{
	int r = KS_EINTERNAL;
	struct ks_buf tmp, std;
	const struct alias *al;
	struct ks_str key;
	bool plus;
	char *s = NULL;

	ks_buf_init(&tmp, 2 * name.n + 16);
	ks_buf_init(&std, 2 * name.n + 16);
	if (name.n > 0 && memchr(name.p, '\0', name.n) != NULL) {
		r = KS_ECORRUPT;
		goto out;
	}
	if ((r = standardize(name, &tmp, &std, &key, &plus)) != 0)
		goto out;
	if ((al = lookup(key)) == NULL) {
		s = ks_arena_strndup(a, name.p, name.n);
	} else if (is_gnu(al->spdx)) {
		s = ks_arena_printf(a, "%s%s", al->spdx,
			al->plus || plus ? "-or-later" : "-only");
	} else {
		s = ks_arena_printf(a, "%s%s", al->spdx, al->plus || plus ? "+" : "");
	}
	if (s == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	*out = s;
	r = 0;
out:
	ks_buf_release(&tmp);
	ks_buf_release(&std);
	return r;
}

int ks_license_lax_split(struct ks_arena *a, struct ks_str s,
	int (*emit)(void *ud, const char *license), void *ud)
{
	int r = KS_EINTERNAL;
	struct ks_buf rw;
	struct ks_str rest, f;
	const char *lic;

	ks_buf_init(&rw, 2 * s.n + 16);
	if (s.n > 0 && memchr(s.p, '\0', s.n) != NULL) {
		r = KS_ECORRUPT;
		goto out;
	}
	if ((r = rewrite_versions(s, true, false, &rw)) != 0)
		goto out;
	rest.p = rw.p;
	rest.n = rw.n;
	while (ks_str_field_next(&rest, &f)) {
		while (f.n > 0 && (f.p[0] == '(' || f.p[0] == ')')) {
			f.p++;
			f.n--;
		}
		while (f.n > 0 && (f.p[f.n - 1] == '(' || f.p[f.n - 1] == ')'))
			f.n--;
		if (f.n == 0 || ks_str_eq(f, "AND") || ks_str_eq(f, "OR"))
			continue;
		if ((r = ks_license_normalize(a, f, &lic)) != 0 || (r = emit(ud, lic)) != 0)
			goto out;
	}
	r = 0;
out:
	ks_buf_release(&rw);
	return r;
}

/* Length of a separator of Trivy's split pattern starting at s.p[i]: an optional comma, a
 * run of blanks/underscores, "or" or "and" and another run; else "," and any blanks; 0 when
 * neither starts there. */
static size_t split_sep(struct ks_str s, size_t i)
{
	bool comma = s.p[i] == ',';
	size_t j = i + (comma ? 1 : 0), k = j, m;

	while (k < s.n && (s.p[k] == ' ' || s.p[k] == '_'))
		k++;
	if (k > j) {
		if (k + 2 <= s.n && memcmp(s.p + k, "or", 2) == 0)
			m = k + 2;
		else if (k + 3 <= s.n && memcmp(s.p + k, "and", 3) == 0)
			m = k + 3;
		else
			m = k;
		for (k = m; k < s.n && (s.p[k] == ' ' || s.p[k] == '_'); k++)
			;
		if (k > m)
			return k - i;
	}
	if (!comma)
		return 0;
	for (k = i + 1; k < s.n && s.p[k] == ' '; k++)
		;
	return k - i;
}

/* True if s contains lit, ASCII case-insensitively. */
static bool contains_i(struct ks_str s, const char *lit)
{
	size_t n = strlen(lit), i;

	for (i = 0; n <= s.n && i <= s.n - n; i++)
		if (ks_str_eqi(ks_str_sub(s, i, n), lit))
			return true;
	return false;
}

/* Trivy's test for a licence field that holds licence text rather than names. */
static bool license_text(struct ks_str s)
{
	static const char *const kw[] = { "http://", "https://", "(c)", "as-is", ";", "hereby",
		"permission to use", "permission is", "use in source", "use, copy, modify",
		"using" };
	size_t i;

	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (contains_i(s, kw[i]))
			return true;
	return false;
}

/* True if lic is exactly a + sep + b. */
static bool joined_eq(const char *lic, struct ks_str a, const char *sep, struct ks_str b)
{
	struct ks_str l = ks_str_c(lic);
	size_t sn = strlen(sep);

	return l.n == a.n + sn + b.n && memcmp(l.p, a.p, a.n) == 0 &&
	       memcmp(l.p + a.n, sep, sn) == 0 && memcmp(l.p + a.n + sn, b.p, b.n) == 0;
}

/* Applies Trivy's gluing rules to the next part: 1 when part was merged into (or dropped
 * after) the licence being built in cur, 0 when it starts a new one. */
static int glue(struct ks_buf *cur, struct ks_str part)
{
	static const struct {
		const char *word, *lic;
	} py[] = { { "lesser", "GNU Library or Lesser General Public License (LGPL)" },
		{ "distribution", "Common Development and Distribution License 1.0 (CDDL-1.0)" },
		{ "disclaimer", "Historical Permission Notice and Disclaimer (HPND)" } };
	struct ks_str first, rest, last = { cur->p, cur->n };
	size_t i;

	ks_str_cut(part, ' ', &first, &rest);
	if (ks_str_eqi(first, "ver") || ks_str_eqi(first, "version")) {
		if (ks_buf_add(cur, ", ", 2) != 0 || ks_buf_add(cur, part.p, part.n) != 0)
			return KS_ENOMEM;
		return 1;
	}
	if (ks_str_eqi(first, "later")) {
		if (ks_buf_add(cur, " or ", 4) != 0 || ks_buf_add(cur, part.p, part.n) != 0)
			return KS_ENOMEM;
		return 1;
	}
	for (i = 0; i < sizeof(py) / sizeof(py[0]); i++) {
		if (!ks_str_eqi(first, py[i].word))
			continue;
		if (joined_eq(py[i].lic, last, " or ", part) ||
			joined_eq(py[i].lic, last, " and ", part)) {
			ks_buf_reset(cur);
			if (ks_buf_adds(cur, py[i].lic) != 0)
				return KS_ENOMEM;
		}
		return 1;
	}
	return 0;
}

static int emit_buf(struct ks_arena *a, const struct ks_buf *b,
	int (*emit)(void *ud, const char *license), void *ud)
{
	char *s = ks_arena_strndup(a, b->p ? b->p : "", b->n);

	return s == NULL ? KS_ENOMEM : emit(ud, s);
}

int ks_license_split(struct ks_arena *a, struct ks_str s,
	int (*emit)(void *ud, const char *license), void *ud)
{
	int r = KS_EINTERNAL;
	struct ks_buf cur;
	bool have = false;
	size_t i = 0, start = 0, sep;

	ks_buf_init(&cur, 4 * s.n + 16);
	if (s.n == 0) {
		r = 0;
		goto out;
	}
	if (memchr(s.p, '\0', s.n) != NULL) {
		r = KS_ECORRUPT;
		goto out;
	}
	if (license_text(s)) {
		char *t = ks_arena_printf(a, "text://%.*s", (int)s.n, s.p);

		r = t == NULL ? KS_ENOMEM : emit(ud, t);
		goto out;
	}
	for (;;) {
		struct ks_str part;

		sep = 0;
		while (i < s.n && (sep = split_sep(s, i)) == 0)
			i++;
		part = ks_str_sub(s, start, i - start);
		r = have ? glue(&cur, part) : 0;
		if (r < 0)
			goto out;
		if (r == 0) {
			if (have && (r = emit_buf(a, &cur, emit, ud)) != 0)
				goto out;
			ks_buf_reset(&cur);
			if (ks_buf_add(&cur, part.p, part.n) != 0) {
				r = KS_ENOMEM;
				goto out;
			}
			have = true;
		}
		if (i >= s.n)
			break;
		i += sep;
		start = i;
	}
	r = emit_buf(a, &cur, emit, ud);
out:
	ks_buf_release(&cur);
	return r;
}
