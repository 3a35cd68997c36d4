# The command vocabulary of opic-bot. `make run` and `make test` are all a newcomer needs.
.DEFAULT_GOAL := help
.PHONY: help setup train run chat test unit check safety lint bench load

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-7s %s\n", $$1, $$2}'

setup: ## create .venv (Python 3.10) and install the locked dependencies
	@bash scripts/setup.sh

train: setup ## train the Rasa model if the data changed
	.venv/bin/opic-bot train

run: train ## set up, train if needed, and serve on http://127.0.0.1:8000
	.venv/bin/opic-bot serve

chat: train ## talk to the assistant in this terminal
	.venv/bin/opic-bot chat

test: ## set up and run the whole test suite (what CI runs)
	@bash scripts/test.sh

unit: setup ## only the fast unit tests (no model)
	.venv/bin/python -m pytest tests/unit -q

check: setup ## validate the knowledge base
	.venv/bin/opic-bot kb check -v

safety: setup ## safety detection measured across authors (held-out author per language)
	.venv/bin/opic-bot safety report

lint: setup ## ruff lint and format
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

bench: train ## latency/throughput benchmark against stock rasa (writes bench/results/)
	.venv/bin/python bench/chat_latency.py
	.venv/bin/python bench/workshop_overhead.py

load: train ## scale-out load test: 1, 2 and 4 workers on a real Redis, then faults (a few minutes)
	bash scripts/install_services.sh
	.venv/bin/python bench/load_test.py
	.venv/bin/python bench/load_test.py --workers 2 --fault redis
	.venv/bin/python bench/load_test.py --workers 2 --fault worker
