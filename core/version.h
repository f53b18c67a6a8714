#ifndef PUPITRE_VERSION
#define PUPITRE_VERSION "0.1.0"
#endif
