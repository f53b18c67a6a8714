# pupitre: the console (./pupitre) and the platform API server (./pupitred).
#   make            build both
#   make check      install dependencies, build, run every test suite
#   make demo       install dependencies, build, open the console on a demo city
#   make install    install under $(DESTDIR)$(PREFIX)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale

CC      ?= cc
CFLAGS  ?= -O2 -g -gdwarf-4
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2
CPPFLAGS += -D_POSIX_C_SOURCE=200809L
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS)

# pupitred-asan: the server built with AddressSanitizer and UBSan, which the
# API tests run against.
ASAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer

SERVER_PKGS = libpq jansson libmicrohttpd
SERVER_CFLAGS := $(shell pkg-config --cflags $(SERVER_PKGS) 2>/dev/null)
SERVER_LIBS   := $(shell pkg-config --libs $(SERVER_PKGS) 2>/dev/null || echo -lpq -ljansson -lmicrohttpd) -lpthread

MIGRATIONS := $(sort $(wildcard sql/[0-9]*.sql))
DEMO_SQL   := $(sort $(wildcard sql/demo/*.sql))

SERVER_OBJS = server/main.o server/migrate.o server/embedded_sql.o server/db.o \
	server/args.o server/call.o server/routes.o server/events.o server/http.o
# The console: one block of objects per directory (see DESIGN.md's walls).
CORE_OBJS = core/i18n.o core/text.o core/pattern.o core/list.o core/idmap.o core/format.o
CORE_OBJS += core/csv.o core/jsonw.o core/template.o
NET_OBJS = net/mem.o net/dec.o net/dec_parts.o net/decode.o net/encode.o net/sse.o net/token.o net/net.o
NET_OBJS += net/overview.o net/votes.o net/instruct.o net/costing.o net/answers.o net/audit.o
NET_OBJS += net/detail.o
KEYMAP_OBJS = keymaps/functions.o keymaps/keys.o keymaps/keymap.o keymaps/rc.o keymaps/man.o
TUI_OBJS = tui/screen.o tui/prompt.o tui/form.o tui/loop.o tui/widgets.o tui/keys.o
TUI_OBJS += tui/suspend.o
VIEW_OBJS = views/main.o views/app.o views/queue.o views/decide.o views/pager.o views/listview.o views/context.o views/proposals.o views/script.o views/timing.o
VIEW_OBJS += views/labels.o views/batch.o views/top.o views/votes.o views/export.o views/instruct.o
VIEW_OBJS += views/costing.o views/merge.o views/answer.o views/detail.o views/audit.o views/stats.o
CONSOLE_OBJS = $(VIEW_OBJS) $(TUI_OBJS) $(KEYMAP_OBJS) $(NET_OBJS) $(CORE_OBJS)
CONSOLE_PKGS = ncursesw libcurl jansson libpcre2-8
CONSOLE_CFLAGS := $(shell pkg-config --cflags $(CONSOLE_PKGS) 2>/dev/null)
CONSOLE_LIBS := $(shell pkg-config --libs $(CONSOLE_PKGS) 2>/dev/null || \
	echo -lncursesw -ltinfo -lcurl -ljansson -lpcre2-8)

# Unit tests: tests/unit/test_NAME.c links the console's non-UI objects and
# the scripted HTTP server of the net/ tests (tests/unit/httpd.c), which the
# other tests leave unused.
UNIT_TESTS = $(patsubst %.c,%,$(wildcard tests/unit/test_*.c))
UNIT_OBJS = $(CORE_OBJS) $(NET_OBJS) $(KEYMAP_OBJS) tests/unit/httpd.o
ASAN_SERVER_OBJS = $(patsubst server/%.o,build/asan/server/%.o,$(SERVER_OBJS))
ASAN_CONSOLE_OBJS = $(addprefix build/asan/,$(CONSOLE_OBJS))

FUZZERS = tests/fuzz/fuzz_body tests/fuzz/fuzz_query tests/fuzz/fuzz_route
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined $(SERVER_CFLAGS)
FUZZ_SECONDS ?= 60

.DEFAULT_GOAL := all

# Objects that carry installation paths are rebuilt when the paths change.
PATHS_STAMP := build/paths.$(shell echo '$(DATADIR) $(LOCALEDIR)' | cksum | cut -d' ' -f1)
$(PATHS_STAMP):
	@mkdir -p build
	@rm -f build/paths.*
	@touch $@

.PHONY: all check demo bench install uninstall clean deps fuzz fuzzers unit-tests

all: pupitred pupitre po/locale/fr/LC_MESSAGES/pupitre.mo

pupitred: $(SERVER_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(SERVER_OBJS) $(SERVER_LIBS)

pupitre: $(CONSOLE_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(CONSOLE_OBJS) $(CONSOLE_LIBS)

core/%.o: core/%.c core/*.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CONSOLE_CFLAGS) -c -o $@ $<

core/i18n.o: core/i18n.c core/i18n.h $(PATHS_STAMP)
	$(CC) $(CPPFLAGS) -DPUPITRE_LOCALEDIR='"$(LOCALEDIR)"' $(ALL_CFLAGS) -c -o $@ $<
net/%.o: net/%.c net/*.h core/*.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CONSOLE_CFLAGS) -c -o $@ $<
keymaps/%.o: keymaps/%.c keymaps/*.h core/*.h $(PATHS_STAMP)
	$(CC) $(CPPFLAGS) -DPUPITRE_DATADIR='"$(DATADIR)"' $(ALL_CFLAGS) $(CONSOLE_CFLAGS) -c -o $@ $<
views/%.o: views/%.c views/*.h tui/*.h net/*.h keymaps/*.h core/*.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CONSOLE_CFLAGS) -c -o $@ $<

unit-tests: $(UNIT_TESTS)

tests/unit/httpd.o: tests/unit/httpd.c tests/unit/httpd.h net/*.h core/*.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CONSOLE_CFLAGS) -c -o $@ $<

tests/unit/test_%: tests/unit/test_%.c tests/unit/check.h tests/unit/httpd.h $(UNIT_OBJS)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CONSOLE_CFLAGS) -o $@ $< $(UNIT_OBJS) $(CONSOLE_LIBS)

server/%.o: server/%.c server/*.h core/version.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SERVER_CFLAGS) -c -o $@ $<

pupitred-asan: $(ASAN_SERVER_OBJS)
	$(CC) $(LDFLAGS) $(ASAN_FLAGS) -o $@ $(ASAN_SERVER_OBJS) $(SERVER_LIBS)

build/asan/server/%.o: server/%.c server/*.h core/version.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(ASAN_FLAGS) $(SERVER_CFLAGS) -c -o $@ $<

# pupitre-asan: the console with AddressSanitizer and UBSan, which the
# end-to-end tests drive.
pupitre-asan: $(ASAN_CONSOLE_OBJS)
	$(CC) $(LDFLAGS) $(ASAN_FLAGS) -o $@ $(ASAN_CONSOLE_OBJS) $(CONSOLE_LIBS)

build/asan/%.o: %.c core/*.h net/*.h keymaps/*.h tui/*.h views/*.h $(PATHS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DPUPITRE_DATADIR='"$(DATADIR)"' -DPUPITRE_LOCALEDIR='"$(LOCALEDIR)"' \
		$(ALL_CFLAGS) $(ASAN_FLAGS) $(CONSOLE_CFLAGS) -c -o $@ $<

tui/%.o: tui/%.c tui/*.h core/*.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CONSOLE_CFLAGS) -c -o $@ $<

# The French catalogue, where ./pupitre finds it when run from the tree.
po/locale/fr/LC_MESSAGES/pupitre.mo: po/fr.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ po/fr.po

tools/embed: tools/embed.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

server/embedded_sql.c: tools/embed $(MIGRATIONS) $(DEMO_SQL)
	{ tools/embed embedded_migrations $(MIGRATIONS) && \
	  tools/embed embedded_demo $(DEMO_SQL) | sed '1,3d'; } > $@.tmp
	mv $@.tmp $@

fuzzers: $(FUZZERS)

tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c server/args.c server/routes.c server/*.h
	clang $(CPPFLAGS) $(FUZZ_CFLAGS) -o $@ $< server/args.c server/routes.c \
		$(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)

# Each harness for FUZZ_SECONDS on its corpus (make check runs them briefly).
fuzz: fuzzers
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run

deps:
	scripts/deps

# Each entry point installs what it needs first, so that it works alone on
# a fresh machine; the build runs in a second make, after the install.
check: deps
	$(MAKE) all pupitred-asan pupitre-asan
	tests/run

bench: deps
	$(MAKE) all
	bench/run

# make demo AS=instructor: the console as another demo agent
demo: deps
	$(MAKE) all
	PUPITRE_DEMO_LOGIN=$(AS) scripts/demo

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DATADIR)/pupitre/keymaps
	install -m 0644 keymaps/*.keys $(DESTDIR)$(DATADIR)/pupitre/keymaps/
	install -m 0755 pupitre pupitred $(DESTDIR)$(BINDIR)/
	install -d $(DESTDIR)$(LOCALEDIR)/fr/LC_MESSAGES
	install -m 0644 po/locale/fr/LC_MESSAGES/pupitre.mo $(DESTDIR)$(LOCALEDIR)/fr/LC_MESSAGES/
	for m in $(wildcard man/*.1); do install -m 0644 $$m $(DESTDIR)$(MANDIR)/man1/; done
	for m in $(wildcard man/*.5); do install -m 0644 $$m $(DESTDIR)$(MANDIR)/man5/; done
	for m in $(wildcard man/*.7); do install -m 0644 $$m $(DESTDIR)$(MANDIR)/man7/; done
	for m in $(wildcard man/*.8); do install -m 0644 $$m $(DESTDIR)$(MANDIR)/man8/; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pupitre $(DESTDIR)$(BINDIR)/pupitred
	rm -f $(DESTDIR)$(LOCALEDIR)/fr/LC_MESSAGES/pupitre.mo
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/*.1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(wildcard man/*.5)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(wildcard man/*.7)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(wildcard man/*.8)))
	rm -rf $(DESTDIR)$(DATADIR)/pupitre

clean:
	rm -rf build pupitred-asan pupitre-asan po/locale
	rm -f pupitre pupitred tools/embed server/embedded_sql.c server/embedded_sql.c.tmp
	rm -f */*.o tests/unit/*.o $(FUZZERS) $(UNIT_TESTS)
