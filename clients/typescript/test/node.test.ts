// Every test that needs a memlog node runs in this one process, against one node, which is stopped at the end.
import { after } from "node:test";
import { stopMemlog } from "./memlog-node.js";
import "./client.cases.js";
import "./generated.cases.js";
import "./langchain.cases.js";
import "./langgraph.cases.js";
import "./openai-agents.cases.js";

after(stopMemlog);
