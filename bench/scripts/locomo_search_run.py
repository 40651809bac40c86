"""Runs every LoCoMo dev question through a memlog node's HTTP search, as an agent would, and writes a TREC run.

The node must hold ../shared/eval/locomo-dev/events.jsonl (tenant `locomo`), e.g.:

    MEMLOG_API_KEYS=locomo:$(printf %s "$KEY" | sha256sum | cut -d' ' -f1) java -jar query-api/target/memlog.jar node
    java -jar query-api/target/memlog.jar import ../shared/eval/locomo-dev/events.jsonl
    python3 bench/scripts/locomo_search_run.py 8080 "$KEY" ../shared/eval/locomo-dev run.txt
    python3 ../shared/eval/score.py ../shared/eval/locomo-dev/qrels.trec run.txt ../shared/eval/locomo-dev/queries.tsv

Each question searches its own conversation (conversationId filter), limit 50. Standard library only.
"""
import json
import sys
import urllib.parse
import urllib.request


def main(port, key, eval_dir, out):
    with open(eval_dir + "/queries.tsv") as queries, open(out, "w") as run:
        for line in queries:
            qid, conversation, _category, question = line.rstrip("\n").split("\t", 3)
            url = f"http://127.0.0.1:{port}/v1/tenants/locomo/search?" + urllib.parse.urlencode(
                {"q": question, "conversationId": conversation, "limit": 50})
            request = urllib.request.Request(url, headers={"Authorization": "Bearer " + key})
            hits = json.load(urllib.request.urlopen(request))["hits"]
            for rank, hit in enumerate(hits, 1):
                run.write(f"{qid} Q0 {hit['messageId']} {rank} {hit['score']} memlog\n")


if __name__ == "__main__":
    main(*sys.argv[1:5])
