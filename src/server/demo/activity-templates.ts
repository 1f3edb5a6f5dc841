/**
 * What happens on a demo ticket after the customer's first message: agent replies, internal notes,
 * follow-up messages from the customer, call notes and survey comments, in English and Brazilian
 * Portuguese. `{name}` is the customer's first name, `{agent}` the agent's.
 */
import type { CustomerLanguage } from '../../shared/domain/customer';

type Texts = Readonly<Record<CustomerLanguage, readonly string[]>>;

export const AGENT_REPLIES: Texts = {
  en: [
    'Hi {name}, thanks for reaching out. I have looked into your account and I am working on this now. I will update you within the day.',
    'Hi {name}, I am sorry for the trouble. Could you confirm the email address on the account and the best number to reach you?',
    'Hi {name}, I have escalated this to the responsible team and added all the details you sent, so you will not need to repeat them.',
    'Hi {name}, good news: this is fixed on our side. Could you check again and let me know if everything looks right?',
    'Hi {name}, thank you for your patience. I have applied the correction and you will receive a confirmation email shortly. — {agent}',
  ],
  'pt-BR': [
    'Olá, {name}! Obrigado pelo contato. Já verifiquei sua conta e estou cuidando disso agora. Dou um retorno ainda hoje.',
    'Olá, {name}, sinto muito pelo transtorno. Pode confirmar o e-mail cadastrado e o melhor telefone para contato?',
    'Olá, {name}! Encaminhei o caso para a equipe responsável com todos os detalhes que você enviou, para você não precisar repetir nada.',
    'Olá, {name}, boa notícia: já corrigimos do nosso lado. Pode verificar de novo e me avisar se está tudo certo?',
    'Olá, {name}, obrigado pela paciência. Apliquei a correção e você vai receber um e-mail de confirmação em instantes. — {agent}',
  ],
};

export const INTERNAL_NOTES: Texts = {
  en: [
    'Checked the billing console: two authorisations, only one captured. Waiting for the bank to release the hold.',
    'Customer was polite but in a hurry; prefers contact by WhatsApp after 6 pm.',
    'Reproduced on the latest app version. Logs attached to the engineering ticket.',
    'Identity verified (email + last order number).',
    'Offered the retention discount; customer will think about it.',
  ],
  'pt-BR': [
    'Conferi no console de cobrança: duas pré-autorizações, só uma capturada. Aguardando o banco liberar.',
    'Cliente educado, mas com pressa; prefere contato por WhatsApp depois das 18h.',
    'Reproduzido na versão mais recente do app. Logs anexados ao chamado de engenharia.',
    'Identidade confirmada (e-mail + número do último pedido).',
    'Ofereci o desconto de retenção; cliente vai pensar.',
  ],
};

export const CUSTOMER_FOLLOW_UPS: Texts = {
  en: [
    'Thanks for the quick answer. Is there any update?',
    'I checked again and it still does not work, unfortunately.',
    'Here is the information you asked for. Please let me know if you need anything else.',
  ],
  'pt-BR': [
    'Obrigado pelo retorno rápido. Alguma novidade?',
    'Verifiquei de novo e infelizmente continua sem funcionar.',
    'Segue a informação que vocês pediram. Se precisarem de mais alguma coisa, me avisem.',
  ],
};

export const CALL_NOTES: Texts = {
  en: ['Caller confirmed identity; explained the next steps.', 'Walked the customer through the steps on the call.', 'Customer asked for a written summary by email.'],
  'pt-BR': ['Cliente confirmou a identidade; expliquei os próximos passos.', 'Acompanhei o cliente passo a passo durante a ligação.', 'Cliente pediu um resumo por e-mail.'],
};

export const SURVEY_COMMENTS: Readonly<Record<CustomerLanguage, { readonly happy: readonly string[]; readonly unhappy: readonly string[] }>> = {
  en: {
    happy: ['Quick and friendly, thank you!', 'Solved on the first call.', 'Great service, very clear explanations.'],
    unhappy: ['Took too long to get an answer.', 'I had to explain the problem three times.'],
  },
  'pt-BR': {
    happy: ['Atendimento rápido e atencioso, obrigado!', 'Resolveram na primeira ligação.', 'Ótimo atendimento, explicaram tudo direitinho.'],
    unhappy: ['Demorou muito para ter uma resposta.', 'Tive que explicar o problema três vezes.'],
  },
};
