#!/bin/sh
# The mail server pipes each bounce report for MAIL_FROM into this script (docs/deploy.md, "Bounces").
# It runs as the portal user, who must be able to read the settings (group portal, mode 0640).
set -eu
set -a
. /etc/portal/portal.env
set +a
cd /srv/portal
exec .venv/bin/flask --app wsgi portal followup bounce
